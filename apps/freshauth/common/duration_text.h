#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace freshauth::cli {

// "90s", "30m", "12h", "7d", or a bare number of seconds; nullopt for anything else (negative,
// empty, another unit, trailing text).
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace freshauth::cli
