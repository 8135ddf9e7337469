#include "freshauth/idp/secrets.h"

#include <sodium.h>

#include <stdexcept>

#include "freshauth/security/random.h"

namespace freshauth::idp {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string random_uuid() {
  std::string bytes = random_bytes(16);
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string uuid;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    const auto byte = static_cast<unsigned char>(bytes[i]);
    uuid += hex[byte >> 4];
    uuid += hex[byte & 15];
  }
  return uuid;
}

}  // namespace freshauth::idp
