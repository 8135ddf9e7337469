#include "trivial_upstream.h"

#include "freshauth/server/server_response.h"
#include "harness.h"

namespace freshauth::bench {

std::unique_ptr<server::HttpServer> start_trivial_upstream(int threads) {
  server::Router routes;
  routes.add_prefix("GET", "/api/",
                    [](const server::ServerRequest&, const server::Responder& respond) {
                      respond(server::json_response(200, {{"ok", true}}));
                    });
  server::HttpServerOptions options;
  options.threads = threads;
  auto upstream = std::make_unique<server::HttpServer>(options, std::move(routes));
  if (!upstream->start()) fail("the upstream did not start");
  return upstream;
}

}  // namespace freshauth::bench
