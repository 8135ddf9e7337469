#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "freshauth/core/base64url.h"
#include "freshauth/core/clock.h"

namespace freshauth::testing {

// An unsigned JWT-shaped token carrying `payload`; the client side only reads claims.
inline std::string make_token(const nlohmann::json& payload) {
  const std::string header = R"({"alg":"RS256","kid":"test"})";
  return base64url_encode(header) + "." + base64url_encode(payload.dump()) + ".c2ln";
}

// A token issued at `issued_at` on the issuer's clock, valid for `lifetime`.
inline std::string make_access_token(TimePoint issued_at, std::chrono::seconds lifetime,
                                     const std::string& id = "a") {
  const auto iat = to_epoch_seconds(issued_at).count();
  return make_token({{"iat", iat}, {"exp", iat + lifetime.count()}, {"jti", id}});
}

}  // namespace freshauth::testing
