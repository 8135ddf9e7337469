#include "freshauth/stores/encryption_key.h"

#include <sodium.h>

#include <cstdlib>

#include "freshauth/platform/file_errors.h"
#include "freshauth/platform/private_file.h"

namespace freshauth {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

bool decode_exactly(std::string_view text, unsigned char* out, std::size_t size) {
  std::size_t length = 0;
  const char* end = nullptr;
  if (text.size() == 2 * size &&
      sodium_hex2bin(out, size, text.data(), text.size(), nullptr, &length, &end) == 0 &&
      length == size && end == text.data() + text.size()) {
    return true;
  }
  for (const int variant :
       {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
        sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    if (sodium_base642bin(out, size, text.data(), text.size(), nullptr, &length, &end, variant) ==
            0 &&
        length == size && end == text.data() + text.size()) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<EncryptionKey> EncryptionKey::parse(std::string_view text, std::string origin) {
  if (sodium_init() < 0) return platform::storage_error("libsodium failed to initialise");
  EncryptionKey key(std::move(origin));
  if (!decode_exactly(trim(text), key.bytes_.data(), kSize)) {
    return platform::storage_error(
        key.origin_ +
        " does not hold a key: expected 64 hex digits or base64 of 32 bytes "
        "(make one with `head -c 32 /dev/urandom | base64`)");
  }
  return key;
}

Result<EncryptionKey> EncryptionKey::from_env(const char* variable) {
  const char* value = std::getenv(variable);
  const std::string origin = std::string{"$"} + variable;
  if (value == nullptr || *value == '\0') {
    return platform::storage_error(origin +
                                   " is not set; set it to a key (64 hex digits or base64 "
                                   "of 32 bytes) or use a key file");
  }
  return parse(value, origin);
}

Result<EncryptionKey> EncryptionKey::from_file(const std::filesystem::path& path) {
  auto text = platform::read_private_file(path);
  if (!text) return text.error();
  if (!*text) return platform::storage_error("key file " + path.string() + " does not exist");
  auto key = parse(**text, "key file " + path.string());
  sodium_memzero(text->value().data(), text->value().size());
  return key;
}

EncryptionKey EncryptionKey::generate() {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing safe to return
  EncryptionKey key("generated key");
  crypto_secretbox_keygen(key.bytes_.data());
  return key;
}

EncryptionKey::~EncryptionKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

std::string EncryptionKey::to_hex() const {
  std::string hex(2 * kSize + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes_.data(), bytes_.size());
  hex.pop_back();
  return hex;
}

}  // namespace freshauth
