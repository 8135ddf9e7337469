#pragma once

#include <memory>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/gateway/upstream_route.h"
#include "freshauth/server/async_handler.h"
#include "freshauth/server/http_server.h"
#include "freshauth/server/router.h"
#include "gateway/gateway_metrics.h"
#include "gateway/session_proxy.h"

// The HTTP server either gateway role runs: the role's own routes, every allowlisted prefix
// (routes without a session forwarded as they are, the others handed to `with_session`), and
// /metrics with the gateway's families after the server's own. `proxy` must outlive the server.
namespace freshauth::gateway {

Result<std::unique_ptr<server::HttpServer>> start_gateway_server(
    server::HttpServerOptions http, server::Router router, const std::vector<UpstreamRoute>& routes,
    const SessionProxy& proxy, server::AsyncHandler with_session,
    std::shared_ptr<GatewayMetrics> metrics);

}  // namespace freshauth::gateway
