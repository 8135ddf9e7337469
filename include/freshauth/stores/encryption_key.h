#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

namespace freshauth {

/// The 32-byte key of a SodiumFileSecretStore; wiped from memory when destroyed. Error messages
/// say where a key came from, never what it is.
class EncryptionKey {
 public:
  static constexpr std::size_t kSize = 32;
  static constexpr const char* kDefaultVariable = "FRESHAUTH_SECRET_KEY";

  /// 64 hex digits, or base64 (standard or URL-safe, padding optional) of 32 bytes; surrounding
  /// whitespace is ignored. `origin` names the source in errors.
  static Result<EncryptionKey> parse(std::string_view text, std::string origin);
  static Result<EncryptionKey> from_env(const char* variable = kDefaultVariable);
  /// A file holding the key as text; refused when group or others may access it.
  static Result<EncryptionKey> from_file(const std::filesystem::path& path);
  static EncryptionKey generate();

  EncryptionKey(const EncryptionKey& other) = default;
  EncryptionKey& operator=(const EncryptionKey& other) = default;
  ~EncryptionKey();

  const unsigned char* data() const { return bytes_.data(); }
  /// Where the key came from, e.g. "$FRESHAUTH_SECRET_KEY" or "key file /etc/app/key".
  const std::string& origin() const { return origin_; }
  /// The key as 64 hex digits, for writing a new key file.
  std::string to_hex() const;

 private:
  explicit EncryptionKey(std::string origin) : origin_(std::move(origin)) {}

  std::array<unsigned char, kSize> bytes_{};
  std::string origin_;
};

}  // namespace freshauth
