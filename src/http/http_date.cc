#include "http/http_date.h"

#include <locale.h>

#include <array>
#include <string>

namespace freshauth::detail {
namespace {

// RFC 9110 §5.6.7: the IMF-fixdate, then the two obsolete forms a recipient must still accept.
constexpr std::array<const char*, 3> kFormats = {
    "%a, %d %b %Y %H:%M:%S GMT",  // Sun, 06 Nov 1994 08:49:37 GMT
    "%A, %d-%b-%y %H:%M:%S GMT",  // Sunday, 06-Nov-94 08:49:37 GMT
    "%a %b %e %H:%M:%S %Y",       // Sun Nov  6 08:49:37 1994
};

// Day and month names are English whatever locale the program has chosen.
locale_t c_locale() {
  static const locale_t locale = ::newlocale(LC_ALL_MASK, "C", locale_t{});
  return locale;
}

// strptime takes "31 Feb" and timegm quietly rolls it into March: a date that does not come back
// unchanged from the round trip does not exist.
bool exists(const std::tm& parsed, std::time_t at) {
  std::tm back{};
  return ::gmtime_r(&at, &back) != nullptr && back.tm_mday == parsed.tm_mday &&
         back.tm_mon == parsed.tm_mon && back.tm_year == parsed.tm_year &&
         back.tm_hour == parsed.tm_hour && back.tm_min == parsed.tm_min;
}

}  // namespace

std::optional<std::time_t> parse_http_date(std::string_view text) {
  const std::string value{text};
  for (const char* format : kFormats) {
    std::tm parsed{};
    const char* end = ::strptime_l(value.c_str(), format, &parsed, c_locale());
    if (end == nullptr || *end != '\0') continue;
    std::tm normalized = parsed;  // timegm rewrites its argument
    const std::time_t at = ::timegm(&normalized);
    if (at == -1 || !exists(parsed, at)) return std::nullopt;
    return at;
  }
  return std::nullopt;
}

}  // namespace freshauth::detail
