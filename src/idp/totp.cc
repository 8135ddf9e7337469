#include "freshauth/idp/totp.h"

#include <liboath/oath.h>

#include <cstdlib>
#include <memory>

#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"

namespace freshauth::idp {
namespace {

constexpr unsigned kStep = 30;
constexpr unsigned kDigits = 6;

bool ensure_oath() {
  static const bool ready = oath_init() == OATH_OK;
  return ready;
}

std::optional<std::string> decode_base32(const std::string& base32) {
  char* raw = nullptr;
  size_t length = 0;
  if (!ensure_oath() ||
      oath_base32_decode(base32.c_str(), base32.size(), &raw, &length) != OATH_OK) {
    return std::nullopt;
  }
  std::string secret{raw, length};
  std::free(raw);
  return secret;
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string generate_totp_secret() {
  ensure_oath();
  const std::string raw = random_bytes(20);
  char* encoded = nullptr;
  size_t length = 0;
  oath_base32_encode(raw.data(), raw.size(), &encoded, &length);
  std::string secret{encoded, length};
  std::free(encoded);
  return secret;
}

std::string otpauth_uri(const std::string& issuer, const std::string& username,
                        const std::string& base32_secret) {
  return "otpauth://totp/" + url_encode(issuer) + ":" + url_encode(username) +
         "?secret=" + base32_secret + "&issuer=" + url_encode(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

std::optional<std::int64_t> verify_totp(const std::string& base32_secret, const std::string& code,
                                        TimePoint now) {
  const auto secret = decode_base32(base32_secret);
  if (!secret || code.size() != kDigits) return std::nullopt;
  const auto seconds = to_epoch_seconds(now).count();
  int position = 0;
  const int found =
      oath_totp_validate2(secret->data(), secret->size(), static_cast<time_t>(seconds), kStep, 0, 1,
                          &position, code.c_str());
  if (found < 0) return std::nullopt;
  return seconds / kStep + position;
}

std::optional<std::string> totp_code(const std::string& base32_secret, TimePoint now) {
  const auto secret = decode_base32(base32_secret);
  if (!secret) return std::nullopt;
  char code[kDigits + 1] = {};
  if (oath_totp_generate(secret->data(), secret->size(),
                         static_cast<time_t>(to_epoch_seconds(now).count()), kStep, 0, kDigits,
                         code) != OATH_OK) {
    return std::nullopt;
  }
  return std::string{code};
}

}  // namespace freshauth::idp
