#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

// The browser's only handle on its session: an opaque random id in a `__Host-` cookie (HttpOnly,
// Secure, SameSite=Strict, Path=/, no Domain), so page scripts cannot read it, other sites cannot
// send it, and no subdomain can set it. The table is keyed by the id's SHA-256, so neither the
// table nor its store ever holds an id a thief could present.
namespace freshauth::gateway {

inline constexpr std::string_view kSessionCookieName = "__Host-freshauth-session";
inline constexpr std::size_t kSessionIdBytes = 32;  // 256 bits

// A new session id: 32 random bytes, base64url (43 characters).
std::string new_session_id();

// The session id from a Cookie header, when exactly one well-formed session cookie is present.
// A malformed value, or the cookie twice (cookie tossing from a sibling site), gives nullopt.
std::optional<std::string> session_id_from_cookies(std::string_view cookie_header);

// What the session table and its store are keyed by: the id's SHA-256 in hex.
std::string session_key(std::string_view session_id);

// Set-Cookie values: the session cookie (a browser-session cookie unless `max_age` is given),
// and the one that deletes it.
std::string session_cookie(std::string_view session_id,
                           std::optional<std::chrono::seconds> max_age = std::nullopt);
std::string cleared_session_cookie();

}  // namespace freshauth::gateway
