#pragma once

#include <chrono>
#include <optional>

#include "freshauth/http/http_headers.h"

namespace freshauth {

/// The delay a 429 or 503 asked for. Retry-After is either seconds or an HTTP-date; a date is
/// measured against the response's own Date header (so our clock's skew does not matter), or
/// against the system clock when the server sent none. A date in the past is a zero delay; an ask
/// longer than a day is capped; anything unparsable yields nullopt.
std::optional<std::chrono::seconds> parse_retry_after(const HttpHeaders& headers);

}  // namespace freshauth
