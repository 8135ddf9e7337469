#include "freshauth/security/aead_seal.h"

#include <sodium.h>

#include <cstdlib>

namespace freshauth {
namespace {

constexpr unsigned char kFormat = 1;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kHeader = 1 + kNonceSize;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;

static_assert(kAeadKeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

void initialize_sodium() {
  static const bool initialized = sodium_init() >= 0;
  if (!initialized) std::abort();  // only fails without a source of randomness
}

}  // namespace

std::string aead_seal(AeadKey key, std::string_view plaintext, std::string_view associated_data) {
  initialize_sodium();
  std::string sealed(kHeader + plaintext.size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kFormat;
  randombytes_buf(out + 1, kNonceSize);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeader, &sealed_size, bytes(plaintext),
                                             plaintext.size(), bytes(associated_data),
                                             associated_data.size(), nullptr, out + 1, key.data());
  sealed.resize(kHeader + sealed_size);
  return sealed;
}

Expected<WipedString, AeadOpenFailure> aead_open(AeadKey key, std::string_view sealed,
                                                 std::string_view associated_data) {
  if (sealed.size() < kHeader + kTagSize || bytes(sealed)[0] != kFormat) {
    return AeadOpenFailure::malformed;
  }
  initialize_sodium();
  WipedString plain{std::string(sealed.size() - kHeader - kTagSize, '\0')};
  unsigned long long plain_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.get().data()), &plain_size, nullptr,
          bytes(sealed) + kHeader, sealed.size() - kHeader, bytes(associated_data),
          associated_data.size(), bytes(sealed) + 1, key.data()) != 0) {
    return AeadOpenFailure::rejected;
  }
  plain.get().resize(plain_size);
  return plain;
}

}  // namespace freshauth
