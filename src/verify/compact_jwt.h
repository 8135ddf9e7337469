#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "claims_check.h"
#include "freshauth/verify/verify_failure.h"
#include "json_scan.h"

namespace freshauth {

// Room for a token's decoded segments: on the stack for tokens of the usual size, so decoding
// allocates nothing; on the heap beyond that.
class DecodeBuffer {
 public:
  char* room(std::size_t size);

 private:
  std::array<char, 4096> inline_;
  std::vector<char> heap_;
};

// The JOSE header parameters the verifier reads; any other parameter is checked JSON, ignored.
struct JoseHeader {
  std::optional<JsonValue> alg;
  std::optional<JsonValue> kid;
  bool crit = false;
};

// A compact JWS taken apart, before any check of its signature or claims. Views point into the
// token or into the DecodeBuffer it was decoded with.
struct CompactJwt {
  JoseHeader header;
  CheckedClaims claims;
  std::string_view payload_json;   // decoded
  std::string_view signing_input;  // header.payload, as received
  std::string_view signature;      // decoded bytes
};

// Exactly three base64url segments (no padding), each JSON part an object nested at most
// `max_depth` deep with no duplicate names; anything else is `malformed`.
std::variant<CompactJwt, VerifyFailure> decode_compact_jwt(std::string_view token, int max_depth,
                                                           DecodeBuffer& buffer);

}  // namespace freshauth
