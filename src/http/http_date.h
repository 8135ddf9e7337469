#pragma once

#include <ctime>
#include <optional>
#include <string_view>

namespace freshauth::detail {

// An HTTP-date (RFC 9110 §5.6.7) as seconds since the epoch: the IMF-fixdate
// "Sun, 06 Nov 1994 08:49:37 GMT" and the obsolete RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and
// asctime ("Sun Nov  6 08:49:37 1994") forms. Anything else, or an impossible date, is nullopt.
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace freshauth::detail
