#pragma once

#include <cstdint>
#include <string>

namespace freshauth::cli {

// 1234567 -> "1,234,567": counts in the demos' tables and progress lines. Fixed, not the
// locale's, so that output is the same on every machine.
std::string with_commas(std::uint64_t n);

}  // namespace freshauth::cli
