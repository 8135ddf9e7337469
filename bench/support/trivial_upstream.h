#pragma once

#include <memory>

#include "freshauth/server/http_server.h"

namespace freshauth::bench {

// The API behind the gateways under load: every GET /api/... answers 200 {"ok":true}, on
// `threads` server threads. Started, or the harness fails.
std::unique_ptr<server::HttpServer> start_trivial_upstream(int threads);

}  // namespace freshauth::bench
