#pragma once

#include <string>
#include <string_view>

namespace freshauth {

/// What logs and status output show instead of a secret: the first 8 hex digits of its SHA-256.
/// Enough to tell two tokens apart, useless for replaying either.
std::string fingerprint(std::string_view secret);

}  // namespace freshauth
