#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/core/refresh_policy.h"
#include "freshauth/core/session_engine.h"
#include "freshauth/gateway/upstream_route.h"
#include "freshauth/server/http_server.h"
#include "freshauth/server/upstream_client.h"

namespace freshauth::gateway {

struct SidecarOptions {
  /// Where to listen: 127.0.0.1 by default, or a Unix socket (`http.unix_socket`: created 0600,
  /// so only this user's processes can connect; the host is then not used). The sidecar adds
  /// credentials to whatever it is sent, so a host that is not a loopback address (127.0.0.0/8,
  /// ::1) is refused unless `allow_remote` is set; a Unix socket is local and needs no override.
  server::HttpServerOptions http;
  bool allow_remote = false;
  std::shared_ptr<Authenticator> authenticator;  ///< any provider: partner, Cognito, OAuth2
  /// Signs in with these at start and again whenever the session ends.
  std::optional<Credentials> credentials;
  /// Starts from a stored refresh token instead (refreshed once, then kept fresh); when that
  /// fails and `credentials` are set, they are used. At least one of the two is needed.
  std::optional<std::string> refresh_token;
  SessionContext context;              ///< the partner id sent as X-Preferred-Partner-Id
  std::vector<UpstreamRoute> routes;   ///< the only paths proxied
  RefreshPolicy policy;                ///< also spaces out failed sign-in attempts (its backoff)
  std::shared_ptr<const Clock> clock;  ///< default: SystemClock
  server::UpstreamClientOptions upstream;
  /// Operational messages (never a token or a password); default: none.
  std::function<void(std::string_view)> log;
};

/// The service-facing gateway: holds ONE service session and forwards every request on its
/// allowlisted routes with Authorization (and, on partner routes, X-Preferred-Partner-Id) from
/// one snapshot, so a program in any language gets the engine by sending plain HTTP to
/// localhost. The token is refreshed ahead of expiry in the background; requests never carry
/// cookies or CSRF headers. An upstream 401 ends the session (no retry); so does a fatal refresh.
/// Then, with credentials, the sidecar signs in again on its own thread, one sign-in at a time,
/// failed attempts spaced out by the policy's backoff; meanwhile requests get 503
/// {"error":"signing_in"} with Retry-After rather than waiting. Without credentials they get 401.
/// Besides the proxied routes: /healthz, /metrics and /sidecar/status (signed in or not,
/// generation, access token expiry in epoch seconds; never a token), on loopback TCP or on a
/// Unix socket alike. See docs/gateway.md; `freshauth gateway --sidecar` runs one.
class SidecarGateway {
 public:
  /// Signs in (or refreshes) before it listens: bad credentials, an MFA challenge (a service
  /// cannot answer one) or an unusable option fail the start with a message saying which.
  static Result<std::unique_ptr<SidecarGateway>> start(SidecarOptions options);
  ~SidecarGateway();
  SidecarGateway(const SidecarGateway&) = delete;
  SidecarGateway& operator=(const SidecarGateway&) = delete;

  std::uint16_t port() const;  ///< 0 on a Unix socket
  /// Stops accepting and lets requests in flight finish (HttpServerOptions::stop_grace); removes
  /// a Unix socket's file.
  void stop();

 private:
  class Impl;
  explicit SidecarGateway(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace freshauth::gateway
