#include "common/duration_text.h"

#include <charconv>

namespace freshauth::cli {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  long long number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc{} || end == text.data() || number < 0) return std::nullopt;
  const std::string_view unit{end, static_cast<std::size_t>(text.data() + text.size() - end)};
  long long scale = 0;
  if (unit.empty() || unit == "s") scale = 1;
  if (unit == "m") scale = 60;
  if (unit == "h") scale = 3600;
  if (unit == "d") scale = 86400;
  if (scale == 0 || number > (1LL << 40) / scale) return std::nullopt;
  return std::chrono::seconds{number * scale};
}

}  // namespace freshauth::cli
