#pragma once

#include <functional>

#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::server {

/// Answers the request it was handed with. Callable from any thread, copyable; only the first
/// call counts, later ones are ignored. Never calling it costs the connection, not a thread: the
/// server answers 504 after HttpServerOptions::response_timeout.
using Responder = std::function<void(ServerResponse)>;

/// A handler that may answer later (after an upstream call, a token refresh...): it returns at
/// once and calls `respond` when the answer is ready, from whatever thread it is on then.
using AsyncHandler = std::function<void(ServerRequest request, Responder respond)>;

}  // namespace freshauth::server
