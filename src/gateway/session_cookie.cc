#include "gateway/session_cookie.h"

#include <algorithm>

#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"

namespace freshauth::gateway {
namespace {

constexpr std::size_t kSessionIdLength = 43;  // base64url of 32 bytes, unpadded

bool is_base64url(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

constexpr std::string_view kAttributes = "; Path=/; Secure; HttpOnly; SameSite=Strict";

}  // namespace

std::string new_session_id() { return random_token(kSessionIdBytes); }

std::optional<std::string> session_id_from_cookies(std::string_view cookie_header) {
  std::optional<std::string> found;
  while (!cookie_header.empty()) {
    const auto end = cookie_header.find(';');
    const std::string_view pair = trim(cookie_header.substr(0, end));
    cookie_header =
        end == std::string_view::npos ? std::string_view{} : cookie_header.substr(end + 1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (trim(pair.substr(0, equals)) != kSessionCookieName) continue;
    if (found) return std::nullopt;  // twice: which one the server set cannot be told
    std::string_view value = trim(pair.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (value.size() != kSessionIdLength || !is_base64url(value)) return std::nullopt;
    found.emplace(value);
  }
  return found;
}

std::string session_key(std::string_view session_id) { return sha256_hex(session_id); }

std::string session_cookie(std::string_view session_id,
                           std::optional<std::chrono::seconds> max_age) {
  std::string cookie{kSessionCookieName};
  cookie += '=';
  cookie += session_id;
  cookie += kAttributes;
  if (max_age) cookie += "; Max-Age=" + std::to_string(max_age->count());
  return cookie;
}

std::string cleared_session_cookie() {
  return std::string{kSessionCookieName} + "=" + std::string{kAttributes} + "; Max-Age=0";
}

}  // namespace freshauth::gateway
