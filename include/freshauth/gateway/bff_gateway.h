#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/core/refresh_policy.h"
#include "freshauth/core/session_table.h"
#include "freshauth/gateway/upstream_route.h"
#include "freshauth/http/http_transport.h"
#include "freshauth/providers/oauth2_client.h"
#include "freshauth/providers/oauth2_endpoints.h"
#include "freshauth/redis/endpoint.h"
#include "freshauth/server/http_server.h"
#include "freshauth/server/upstream_client.h"
#include "freshauth/stores/encryption_key.h"

namespace freshauth::gateway {

/// Sessions kept on disk: SQLite, every token sealed with `key`. A restart keeps them all.
struct SessionDatabase {
  std::filesystem::path path;
  EncryptionKey key;
};

/// Sessions shared by several gateway replicas in Redis (docs/fleet.md): each replica loads a
/// session it has not seen, and one replica at a time refreshes a session (a lease with fencing).
/// Every token is sealed with `key`, the same on every replica; records expire with the
/// absolute timeout.
struct SessionRedis {
  redis::Endpoint endpoint;
  EncryptionKey key;
  std::string prefix = "freshauth:";  ///< before every Redis key: several gateways share one Redis
};

struct BffOptions {
  server::HttpServerOptions http;  ///< where to listen (TLS is terminated in front, see docs)
  OAuth2Endpoints endpoints;       ///< the provider (discover_oauth2_endpoints)
  OAuth2Client client;             ///< as registered there; a confidential client is usual
  /// This gateway's callback as the browser reaches it and as registered at the provider, e.g.
  /// "https://app.example.com/auth/callback".
  std::string redirect_uri;
  std::vector<UpstreamRoute> routes;         ///< the only paths proxied
  std::vector<std::string> allowed_origins;  ///< "https://app.example.com"
  std::string csrf_header = "X-CSRF";        ///< API calls must send it with the value "1"
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 3600};
  RefreshPolicy policy;
  std::size_t refresh_threads = 4;
  std::optional<SessionDatabase> database;  ///< none: sessions live in memory only
  std::optional<SessionRedis> redis;        ///< instead of `database`, for several replicas
  std::shared_ptr<const Clock> clock;       ///< default: SystemClock
  /// For the provider's token and revocation endpoints; default: a CurlTransport.
  std::shared_ptr<HttpTransport> provider_transport;
  server::UpstreamClientOptions upstream;
  /// What the browser spoke to the TLS terminator in front, for X-Forwarded-Proto.
  std::string forwarded_proto = "https";
  /// Operational messages (never tokens, codes or cookies); default: none.
  std::function<void(std::string_view)> log;
};

/// The browser-facing gateway (backend for frontend): signs users in with the authorization code
/// flow (PKCE S256, state, nonce) at /auth/login and /auth/callback, keeps their tokens, and gives
/// the browser only an opaque session cookie; proxies the allowlisted routes with fresh
/// Authorization (and partner id) headers from one snapshot; /auth/session says who is signed in,
/// /auth/logout revokes. See docs/gateway.md.
class BffGateway {
 public:
  static Result<std::unique_ptr<BffGateway>> start(BffOptions options);
  ~BffGateway();
  BffGateway(const BffGateway&) = delete;
  BffGateway& operator=(const BffGateway&) = delete;

  std::uint16_t port() const;
  /// Stops accepting and lets requests in flight finish (HttpServerOptions::stop_grace).
  void stop();
  const SessionTable& sessions() const;
  /// The sessions themselves: to preload them (a benchmark, a migration) or end one by key.
  SessionTable& sessions();

 private:
  class Impl;
  explicit BffGateway(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace freshauth::gateway
