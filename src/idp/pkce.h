#pragma once

#include <string_view>

namespace freshauth::idp {

// RFC 7636: a code_challenge for S256 is base64url(SHA-256(verifier)) without padding: 43 chars.
bool valid_s256_challenge(std::string_view challenge);
// A verifier is 43–128 unreserved characters and must hash to the challenge.
bool pkce_s256_matches(std::string_view verifier, std::string_view challenge);

}  // namespace freshauth::idp
