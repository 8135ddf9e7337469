#include "gateway/gateway_server.h"

namespace freshauth::gateway {

Result<std::unique_ptr<server::HttpServer>> start_gateway_server(
    server::HttpServerOptions http, server::Router router, const std::vector<UpstreamRoute>& routes,
    const SessionProxy& proxy, server::AsyncHandler with_session,
    std::shared_ptr<GatewayMetrics> metrics) {
  auto handler = [&proxy, with_session = std::move(with_session)](server::ServerRequest request,
                                                                  server::Responder respond) {
    if (proxy.serves_without_session(request.path)) {
      return proxy.forward_without_session(std::move(request), std::move(respond));
    }
    with_session(std::move(request), std::move(respond));
  };
  for (const auto& route : routes) {
    router.add_prefix(std::string{server::kAnyMethod}, route.prefix, handler);
  }
  http.extra_metrics = [metrics = std::move(metrics)] { return metrics->render(); };
  auto started = std::make_unique<server::HttpServer>(std::move(http), std::move(router));
  if (auto listening = started->start(); !listening) return listening.error();
  return started;
}

}  // namespace freshauth::gateway
