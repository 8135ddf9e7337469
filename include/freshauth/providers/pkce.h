#pragma once

#include <string>

namespace freshauth {

/// RFC 7636 proof key: the verifier stays with the client, the S256 challenge goes into the
/// authorization URL.
struct PkcePair {
  std::string verifier;   ///< 43 base64url characters from 32 random bytes
  std::string challenge;  ///< base64url(SHA-256(verifier))
};

PkcePair make_pkce_pair();

/// base64url(SHA-256(verifier)), the S256 transformation.
std::string pkce_s256_challenge(const std::string& verifier);

}  // namespace freshauth
