#include "freshauth/security/random.h"

#include <openssl/rand.h>

#include <stdexcept>

#include "freshauth/core/base64url.h"

namespace freshauth {

std::string random_bytes(std::size_t count) {
  std::string buffer(count, '\0');
  if (count > 0 &&
      RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("the random number generator failed");
  }
  return buffer;
}

std::string random_token(std::size_t count) { return base64url_encode(random_bytes(count)); }

}  // namespace freshauth
