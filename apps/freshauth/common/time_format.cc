#include "common/time_format.h"

#include <ctime>

namespace freshauth::cli {
namespace {

std::string words(long long seconds) {
  const long long hours = seconds / 3600;
  const long long minutes = seconds % 3600 / 60;
  const long long rest = seconds % 60;
  if (hours > 0) return std::to_string(hours) + "h " + std::to_string(minutes) + "m";
  if (minutes > 0) return std::to_string(minutes) + "m " + std::to_string(rest) + "s";
  return std::to_string(rest) + "s";
}

}  // namespace

std::string iso8601_utc(TimePoint at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

long long seconds_left(TimePoint expires_at, TimePoint now) {
  return std::chrono::floor<std::chrono::seconds>(expires_at - now).count();
}

std::string expires_in_words(Duration left) {
  const long long seconds = std::chrono::floor<std::chrono::seconds>(left).count();
  if (seconds < 0) return "expired " + words(-seconds) + " ago";
  return "expires in " + words(seconds);
}

}  // namespace freshauth::cli
