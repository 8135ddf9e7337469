#pragma once

#include <chrono>
#include <optional>

#include "freshauth/http/http_headers.h"

namespace freshauth {

// The delay a 429 or 503 asked for, when Retry-After is given in seconds. The HTTP-date form is
// not used by the servers we talk to and yields nullopt, as does anything unparsable.
std::optional<std::chrono::seconds> parse_retry_after(const HttpHeaders& headers);

}  // namespace freshauth
