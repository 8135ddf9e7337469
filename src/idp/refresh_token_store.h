#pragma once

#include <memory>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_records.h"
#include "freshauth/sqlite/database.h"

namespace freshauth::idp {

struct RefreshTokenRecord {
  std::string username;
  std::string client_id;
  TimePoint auth_time;
  TimePoint expires_at;
  std::optional<std::string> device_key;
  std::optional<std::string> device_group_key;
  bool revoked = false;
  // The session's id, carried by every access token minted from this refresh token (the claim
  // Cognito calls origin_jti), so revoking the refresh token can be seen from an access token.
  std::string origin_jti;
};

// What a refresh needs, read in one query: the token's record, its user and its app client.
struct RefreshGrant {
  RefreshTokenRecord record;
  User user;
  AppClient client;
};

// Refresh tokens are opaque random strings; only their SHA-256 is stored, so a copy of the
// database does not hand out sessions.
class RefreshTokenStore {
 public:
  explicit RefreshTokenStore(std::shared_ptr<sqlite::Database> db);

  Result<std::string> issue(const RefreshTokenRecord& record, TimePoint now);
  // session_expired for unknown, revoked or expired tokens (the message says which, never the
  // token).
  Result<RefreshTokenRecord> redeem(const std::string& token, TimePoint now) const;
  // redeem() with the token's user and app client; also session_expired when either is gone.
  Result<RefreshGrant> redeem_grant(const std::string& token, TimePoint now) const;
  void revoke(const std::string& token);
  // How many tokens were revoked.
  int revoke_user(const std::string& username);
  // True while the refresh token with this origin_jti exists and has not been revoked. Its own
  // expiry does not end the access tokens already minted from it.
  bool session_live(const std::string& origin_jti) const;

 private:
  std::shared_ptr<sqlite::Database> db_;
};

}  // namespace freshauth::idp
