#pragma once

#include <optional>
#include <string>
#include <string_view>

// Where the browser goes after signing in, as asked by `/auth/login?return_to=`: only a path on
// the gateway's own site, so the gateway can never be used to send someone elsewhere.
namespace freshauth::gateway {

inline constexpr std::size_t kMaxReturnToLength = 2048;

// `candidate` when it is a path on this site: one leading '/', no scheme or authority (no "//"
// or "/\"), no backslash, only visible ASCII, no percent-encoded control characters, and not
// longer than kMaxReturnToLength. nullopt otherwise.
std::optional<std::string> safe_return_to(std::string_view candidate);

}  // namespace freshauth::gateway
