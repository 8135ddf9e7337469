#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/verify/jwt_verifier.h"
#include "freshauth/verify/key_source.h"
#include "idp/client_registry.h"

namespace freshauth::idp {

// Checks access tokens this server issued: signature against its own keys, `iss`, token_use
// access, and `client_id` one of the registered app clients. Clients added while running are
// picked up the first time a token names one. Thread-safe.
class AccessTokenVerifier {
 public:
  AccessTokenVerifier(std::shared_ptr<KeySource> keys, std::shared_ptr<ClientRegistry> clients,
                      std::shared_ptr<const Clock> clock, std::string issuer);

  VerifyResult verify(std::string_view token);

 private:
  // The verifier for the current client list, or nullptr when no client is registered.
  std::shared_ptr<JwtVerifier> current();
  std::shared_ptr<JwtVerifier> rebuild();

  std::shared_ptr<KeySource> keys_;
  std::shared_ptr<ClientRegistry> clients_;
  std::shared_ptr<const Clock> clock_;
  std::string issuer_;
  std::mutex mutex_;
  std::vector<std::string> client_ids_;
  std::shared_ptr<JwtVerifier> verifier_;
};

// The token of an `Authorization: Bearer <token>` header value, or nullopt.
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace freshauth::idp
