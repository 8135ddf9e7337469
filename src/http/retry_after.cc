#include "freshauth/http/retry_after.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "http/http_date.h"

namespace freshauth {
namespace {

constexpr long long kDay = 24 * 60 * 60;  // a longer ask is a misconfigured server

std::optional<long long> delay_seconds(const std::string& value) {
  long long seconds = 0;
  const char* end = value.data() + value.size();
  const auto [next, error] = std::from_chars(value.data(), end, seconds);
  if (error != std::errc{} || next != end || seconds < 0) return std::nullopt;
  return seconds;
}

std::optional<std::time_t> http_date(const std::string& value) {
  return detail::parse_http_date(value);
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(const HttpHeaders& headers) {
  const auto value = headers.find("Retry-After");
  if (!value || value->empty()) return std::nullopt;
  const std::string text{*value};
  std::optional<long long> seconds = delay_seconds(text);
  if (!seconds) {
    const auto retry_at = http_date(text);
    if (!retry_at) return std::nullopt;
    const auto date = headers.find("Date");
    std::optional<std::time_t> now = date ? http_date(std::string{*date}) : std::nullopt;
    if (!now) now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    seconds = std::max<long long>(0, static_cast<long long>(*retry_at - *now));
  }
  return std::chrono::seconds{std::min(*seconds, kDay)};
}

}  // namespace freshauth
