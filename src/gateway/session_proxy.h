#pragma once

#include <memory>
#include <string>

#include "freshauth/core/session_table.h"
#include "freshauth/server/async_handler.h"
#include "freshauth/server/server_request.h"
#include "freshauth/server/upstream_client.h"
#include "gateway/forwarded_headers.h"
#include "gateway/gateway_metrics.h"
#include "gateway/upstream_routes.h"

// The proxy step both gateway roles share: one request, one session. Takes a snapshot from the
// table (a continuation in the hard window, never a blocked thread), forwards the request on an
// allowlisted route with that snapshot's headers, and answers with the upstream's response. A 401
// from the upstream ends that session generation in the table and answers 401 session_expired;
// nothing is retried. A route without a session is forwarded with no session headers at all.
namespace freshauth::gateway {

struct ProxyOptions {
  std::string csrf_header;  ///< stripped before forwarding; empty for the sidecar
  std::string forwarded_proto = "https";
  /// What a caller without a live session should do, in the 401's message.
  std::string sign_in_hint = "sign in at /auth/login";
};

class SessionProxy {
 public:
  SessionProxy(std::shared_ptr<SessionTable> table,
               std::shared_ptr<server::UpstreamClient> upstream, UpstreamRoutes routes,
               std::shared_ptr<GatewayMetrics> metrics, ProxyOptions options);

  // Answers `respond` exactly once: 404 outside the allowlist, 400 for headers that cannot be
  // forwarded, 401 not_signed_in / session_expired, 503 store_unavailable while the session
  // store cannot be reached and the session is needed from it, 503 refresh_unavailable while
  // refreshing fails and the token has expired, 502 / 504 when the upstream cannot be reached or
  // is too slow, else the upstream's answer.
  void forward(server::ServerRequest request, std::string session_key,
               server::Responder respond) const;
  // For a route without a session (404 for any other path): the upstream's answer as it is.
  void forward_without_session(server::ServerRequest request, server::Responder respond) const;

  bool serves(std::string_view path) const;
  bool serves_without_session(std::string_view path) const;

 private:
  std::shared_ptr<SessionTable> table_;
  std::shared_ptr<server::UpstreamClient> upstream_;
  UpstreamRoutes routes_;
  std::shared_ptr<GatewayMetrics> metrics_;
  std::shared_ptr<const ProxyOptions> options_;
};

}  // namespace freshauth::gateway
