#include "freshauth/security/wiped_string.h"

#include <sodium.h>

namespace freshauth {

WipedString::WipedString(WipedString&& other) noexcept : text_(std::move(other.text_)) {
  other.wipe();
}

WipedString& WipedString::operator=(WipedString&& other) noexcept {
  if (this != &other) {
    wipe();
    text_ = std::move(other.text_);
    other.wipe();
  }
  return *this;
}

WipedString::~WipedString() { wipe(); }

// Up to the capacity, not the size: a short string moved away, or one shrunk after use, leaves
// its bytes behind the end (in the string's own small buffer or in its allocation).
void WipedString::wipe() noexcept {
  text_.resize(text_.capacity());
  sodium_memzero(text_.data(), text_.size());
  text_.clear();
}

}  // namespace freshauth
