#pragma once

#include <string>

#include "freshauth/core/clock.h"

namespace freshauth::cli {

// 2024-05-01T12:00:00Z
std::string iso8601_utc(TimePoint at);
// "1h 2m", "59m 58s", "12s"; negative durations read "expired 3m 4s ago".
std::string expires_in_words(Duration left);
// Whole seconds left, rounded down (negative once expired).
long long seconds_left(TimePoint expires_at, TimePoint now);

}  // namespace freshauth::cli
