#include "idp/pkce.h"

#include <sodium.h>

#include <algorithm>

#include "freshauth/core/base64url.h"
#include "freshauth/idp/secrets.h"

namespace freshauth::idp {
namespace {

bool base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool verifier_char(char c) { return base64url_char(c) || c == '.' || c == '~'; }

}  // namespace

bool valid_s256_challenge(std::string_view challenge) {
  return challenge.size() == 43 && std::all_of(challenge.begin(), challenge.end(), base64url_char);
}

bool pkce_s256_matches(std::string_view verifier, std::string_view challenge) {
  if (verifier.size() < 43 || verifier.size() > 128) return false;
  if (!std::all_of(verifier.begin(), verifier.end(), verifier_char)) return false;
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  const std::string expected =
      base64url_encode(std::string_view{reinterpret_cast<const char*>(digest), sizeof digest});
  return expected.size() == challenge.size() &&
         sodium_memcmp(expected.data(), challenge.data(), expected.size()) == 0;
}

}  // namespace freshauth::idp
