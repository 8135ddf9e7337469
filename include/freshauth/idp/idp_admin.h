#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_policies.h"
#include "freshauth/idp/idp_records.h"

namespace freshauth::idp {

struct IdpStorage;  ///< the idp's private storage classes

/// Provisioning for the embedded idp: users, app clients, signing keys and sessions. Opened on the
/// idp's database file (a server may be running on it: every change is visible to it at once,
/// signing keys within KeyRing's change-check interval) or taken from a running IdpServer.
class IdpAdmin {
 public:
  /// Creates the file (0600), the schema and the first signing key when missing.
  static Result<IdpAdmin> open(const std::filesystem::path& db_path, TimePoint now,
                               PasswordCost cost = PasswordCost::interactive);
  explicit IdpAdmin(IdpStorage storage);
  IdpAdmin(IdpAdmin&&) noexcept;
  IdpAdmin& operator=(IdpAdmin&&) noexcept;
  ~IdpAdmin();

  /// `dev` allows any token lifetime of at least one second (Cognito's bounds otherwise).
  Result<AppClient> add_client(const NewAppClient& client, bool dev, TimePoint now);
  std::vector<AppClient> clients() const;
  /// The client the partner API issues tokens for: the first one registered.
  std::optional<AppClient> partner_client() const;

  Result<User> add_user(const NewUser& user, TimePoint now);
  Result<void> remove_user(const std::string& username);
  std::vector<User> users() const;

  /// Revokes every refresh token of the user; how many were revoked.
  int revoke_sessions(const std::string& username);
  /// Whether the refresh token would be honoured now: session_expired (unknown, revoked or
  /// expired) otherwise. Redeems nothing.
  Result<void> check_refresh_token(const std::string& token, TimePoint now) const;

  /// A new signing key; the old one stays published for the longest token lifetime of any client.
  /// Returns the new key id.
  Result<std::string> rotate_signing_key(TimePoint now);

 private:
  std::unique_ptr<IdpStorage> storage_;
};

}  // namespace freshauth::idp
