#include "providers/cognito_secret_hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <stdexcept>

#include "freshauth/core/base64url.h"

namespace freshauth::detail {

std::string cognito_secret_hash(std::string_view username, std::string_view client_id,
                                std::string_view client_secret) {
  const std::string message = std::string{username} + std::string{client_id};
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha256(), client_secret.data(), static_cast<int>(client_secret.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
           &mac_length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");  // only when OpenSSL itself is broken
  }
  return base64_encode({reinterpret_cast<const char*>(mac.data()), mac_length});
}

}  // namespace freshauth::detail
