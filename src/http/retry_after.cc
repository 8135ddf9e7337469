#include "freshauth/http/retry_after.h"

#include <charconv>

namespace freshauth {

std::optional<std::chrono::seconds> parse_retry_after(const HttpHeaders& headers) {
  const auto value = headers.find("Retry-After");
  if (!value || value->empty()) return std::nullopt;
  long long seconds = 0;
  const char* end = value->data() + value->size();
  const auto [next, error] = std::from_chars(value->data(), end, seconds);
  if (error != std::errc{} || next != end || seconds < 0) return std::nullopt;
  constexpr long long kDay = 24 * 60 * 60;  // a longer ask is a misconfigured server
  return std::chrono::seconds{std::min(seconds, kDay)};
}

}  // namespace freshauth
