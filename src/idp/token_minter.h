#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "idp/client_registry.h"
#include "idp/key_ring.h"
#include "idp/user_directory.h"

namespace freshauth::idp {

struct IssuedTokens {
  std::string access_token;
  std::string id_token;
  std::optional<std::string> refresh_token;  // only on sign-in: the partner API never rotates it
  std::chrono::seconds expires_in{};         // of the access token, as reported to the client
};

// RS256 access and id tokens with Cognito's claims. `expires_in_overstatement` (dev and tests
// only) is added to the reported expires_in but not to the tokens' exp: a server that lies, so
// clients can be shown taking expiry from the token rather than from ExpiresIn.
class TokenMinter {
 public:
  TokenMinter(std::shared_ptr<KeyRing> keys, std::string issuer,
              std::chrono::seconds expires_in_overstatement = {});
  // `origin_jti`: the session (refresh token) the access token is minted from.
  // `nonce`, when not empty, goes into the id token (OpenID Connect Core §3.1.2.1).
  Result<IssuedTokens> mint(const User& user, const AppClient& client, TimePoint auth_time,
                            TimePoint now, const std::string& origin_jti,
                            const std::string& nonce = {}) const;
  const std::string& issuer() const { return issuer_; }

 private:
  std::shared_ptr<KeyRing> keys_;
  std::string issuer_;
  std::chrono::seconds expires_in_overstatement_;
};

}  // namespace freshauth::idp
