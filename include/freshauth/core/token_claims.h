#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "freshauth/core/error.h"

namespace freshauth {

// The claims of a JWT, read without checking its signature. The client side only needs them to
// schedule refreshes; backends must use the verifier, never this.
struct TokenClaims {
  std::optional<std::chrono::seconds> exp;
  std::optional<std::chrono::seconds> iat;
  nlohmann::json payload;
};

Result<TokenClaims> decode_claims(std::string_view jwt);

}  // namespace freshauth
