#pragma once

#include <string>
#include <string_view>

namespace freshauth {

/// A string that holds a secret (a plaintext, a password) and is overwritten with zeros
/// (sodium_memzero, which the compiler may not drop) when destroyed or moved from, so the secret
/// does not outlive its use in freed memory. Move-only: a copy would be one more to wipe.
class WipedString {
 public:
  WipedString() = default;
  /// Takes `text` over; pass it moved, or the caller's copy stays unwiped.
  explicit WipedString(std::string text) : text_(std::move(text)) {}
  WipedString(WipedString&& other) noexcept;
  WipedString& operator=(WipedString&& other) noexcept;
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString();

  /// The text, to write into (a decryption's output buffer, for instance).
  std::string& get() { return text_; }
  std::string_view view() const { return text_; }

 private:
  void wipe() noexcept;

  std::string text_;
};

}  // namespace freshauth
