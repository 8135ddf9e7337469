#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "freshauth/verify/verify_failure.h"

namespace freshauth {

// A compact JWS taken apart, before any check of its signature or claims.
struct CompactJwt {
  nlohmann::json header;
  nlohmann::json payload;
  std::string_view signing_input;  // header.payload, as received (a view into the token)
  std::string signature;           // decoded bytes
};

// Exactly three base64url segments (no padding), each JSON part an object nested at most
// `max_depth` deep; anything else is `malformed`.
std::variant<CompactJwt, VerifyFailure> decode_compact_jwt(std::string_view token, int max_depth);

}  // namespace freshauth
