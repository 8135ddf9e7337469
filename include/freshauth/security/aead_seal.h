#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "freshauth/core/expected.h"
#include "freshauth/security/wiped_string.h"

namespace freshauth {

/// The size of an XChaCha20-Poly1305 key.
inline constexpr std::size_t kAeadKeySize = 32;
/// An XChaCha20-Poly1305 key, borrowed from whoever keeps (and wipes) it.
using AeadKey = std::span<const unsigned char, kAeadKeySize>;

/// Why aead_open() gave no plaintext back.
enum class AeadOpenFailure {
  malformed,  ///< too short to be a sealed value, or another format (another version)
  rejected,   ///< does not authenticate: another key or associated data, or modified
};

/// `plaintext` sealed with XChaCha20-Poly1305 (libsodium) under `key`: a format byte (1), a fresh
/// random 24-byte nonce, then the ciphertext with its 16-byte tag. `associated_data` (what the
/// value belongs to, such as the key it is stored under) is authenticated but not stored: the
/// value opens only with the same associated data, so it cannot be moved to another place.
std::string aead_seal(AeadKey key, std::string_view plaintext, std::string_view associated_data);

/// The plaintext of a value aead_seal() made with the same key and associated data.
Expected<WipedString, AeadOpenFailure> aead_open(AeadKey key, std::string_view sealed,
                                                 std::string_view associated_data);

}  // namespace freshauth
