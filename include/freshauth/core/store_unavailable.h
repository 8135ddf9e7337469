#pragma once

#include <string>

#include "freshauth/core/error.h"

namespace freshauth {

/// A session store that cannot be read or written just now: Redis stopped, restarting or too
/// slow; a database that refused the write. Such an error (Errc::storage) neither confirms nor
/// denies a session or a sign-in, so a caller answers "try again shortly" (the gateway: 503
/// `store_unavailable` with Retry-After), never "not signed in".
bool is_store_unavailable(const Error& error);

/// That error: "the session store is unreachable: " and why (never a value the store holds).
Error store_unavailable(const Error& cause);

}  // namespace freshauth
