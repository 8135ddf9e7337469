#include "freshauth/providers/pkce.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <stdexcept>

#include "freshauth/core/base64url.h"

namespace freshauth {

PkcePair make_pkce_pair() {
  // 32 bytes: the 256 bits RFC 7636 §7.1 recommends, 43 characters once encoded.
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no PKCE verifier can be made");
  }
  PkcePair pair;
  pair.verifier = base64url_encode(
      std::string_view{reinterpret_cast<const char*>(random.data()), random.size()});
  pair.challenge = pkce_s256_challenge(pair.verifier);
  return pair;
}

std::string pkce_s256_challenge(const std::string& verifier) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest.data());
  return base64url_encode(
      std::string_view{reinterpret_cast<const char*>(digest.data()), digest.size()});
}

}  // namespace freshauth
