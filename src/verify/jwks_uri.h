#pragma once

#include <optional>
#include <string>

#include "freshauth/core/error.h"

namespace freshauth {

// Keys must come over TLS: plain http only to a loopback host (tests, a local idp) or when the
// caller opts in explicitly. Returns the refusal, if any.
std::optional<Error> check_jwks_uri(const std::string& uri, bool allow_plain_http);

}  // namespace freshauth
