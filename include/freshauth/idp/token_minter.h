#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/client_registry.h"
#include "freshauth/idp/key_ring.h"
#include "freshauth/idp/user_directory.h"

namespace freshauth::idp {

struct IssuedTokens {
  std::string access_token;
  std::string id_token;
  std::optional<std::string> refresh_token;  // only on sign-in: the partner API never rotates it
  std::chrono::seconds expires_in{};         // of the access token
};

// RS256 access and id tokens with Cognito's claims.
class TokenMinter {
 public:
  TokenMinter(std::shared_ptr<KeyRing> keys, std::string issuer);
  Result<IssuedTokens> mint(const User& user, const AppClient& client, TimePoint auth_time,
                            TimePoint now) const;
  const std::string& issuer() const { return issuer_; }

 private:
  std::shared_ptr<KeyRing> keys_;
  std::string issuer_;
};

}  // namespace freshauth::idp
