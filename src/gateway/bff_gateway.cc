#include "freshauth/gateway/bff_gateway.h"

#include "freshauth/curl/curl_transport.h"
#include "freshauth/providers/oauth2_authenticator.h"
#include "freshauth/server/server_response.h"
#include "freshauth/stores/redis_session_table_store.h"
#include "freshauth/stores/sqlite_session_table_store.h"
#include "gateway/csrf_policy.h"
#include "gateway/gateway_metrics.h"
#include "gateway/gateway_server.h"
#include "gateway/memory_pending_logins.h"
#include "gateway/redis_pending_logins.h"
#include "gateway/session_cookie.h"
#include "gateway/session_proxy.h"
#include "gateway/sign_in_routes.h"

namespace freshauth::gateway {

using server::json_error;
using server::ServerRequest;
using server::ServerResponse;

// Members in the order they may be destroyed last to first: the server stops before anything its
// handlers use goes, and the pool (code exchanges) drains before the routes it calls into.
class BffGateway::Impl {
 public:
  explicit Impl(BffOptions options) : options_(std::move(options)) {}

  Result<void> start();
  std::uint16_t port() const { return server_->port(); }
  void stop() { server_->stop(); }
  const SessionTable& sessions() const { return *table_; }
  SessionTable& sessions() { return *table_; }

 private:
  void proxy(ServerRequest request, server::Responder respond);

  BffOptions options_;
  std::shared_ptr<GatewayMetrics> metrics_ = std::make_shared<GatewayMetrics>();
  std::shared_ptr<SqliteSessionTableStore> store_;
  std::shared_ptr<SessionTable> table_;
  std::shared_ptr<PendingLoginStore> pending_logins_;
  // The server's and the upstream client's threads: a request stays on one thread throughout.
  std::shared_ptr<server::IoThreads> io_;
  std::shared_ptr<server::UpstreamClient> upstream_;
  std::unique_ptr<SessionProxy> proxy_;
  CsrfPolicy csrf_;
  std::unique_ptr<SignInRoutes> sign_in_;
  std::unique_ptr<ThreadPool> exchanges_;
  std::unique_ptr<server::HttpServer> server_;
};

Result<void> BffGateway::Impl::start() {
  if (!options_.clock) options_.clock = std::make_shared<SystemClock>();
  if (!options_.provider_transport) options_.provider_transport = std::make_shared<CurlTransport>();
  auto routes = UpstreamRoutes::create(options_.routes);
  if (!routes) return routes.error();
  if (options_.redirect_uri.empty() || options_.endpoints.authorization_endpoint.empty()) {
    return Error{Errc::invalid_argument,
                 "the gateway needs a redirect URI and a provider with an authorization endpoint",
                 {}};
  }
  auto provider = std::make_shared<OAuth2Authenticator>(
      OAuth2AuthenticatorOptions{options_.endpoints, options_.client, options_.provider_transport});

  SessionTableOptions table;
  table.policy = options_.policy;
  table.clock = options_.clock;
  table.refresh_threads = options_.refresh_threads;
  table.idle_timeout = options_.idle_timeout;
  table.absolute_timeout = options_.absolute_timeout;
  table.observers = {metrics_->table_observer()};
  std::optional<LoadedTableSessions> loaded;
  if (options_.database && options_.redis) {
    return Error{Errc::invalid_argument, "sessions go in SQLite or in Redis, not both", {}};
  }
  if (options_.redis) {
    // Checked now, so that a wrong address or password, or a Redis too old, stops the start;
    // later outages are answered 503 until Redis is back. Sessions are loaded from it when first
    // asked for; sign-ins wait in it too, so that any replica finishes them.
    auto client = redis::Client::connect(options_.redis->endpoint);
    if (!client) return client.error();
    auto pending =
        RedisPendingLogins::open(*client, options_.redis->key, {.prefix = options_.redis->prefix});
    if (!pending) return pending.error();
    pending_logins_ = std::move(*pending);
    table.store = RedisSessionTableStore::open(*client, options_.redis->key,
                                               {.prefix = options_.redis->prefix,
                                                .absolute_timeout = options_.absolute_timeout,
                                                .idle_timeout = options_.idle_timeout});
  } else {
    pending_logins_ = std::make_shared<MemoryPendingLogins>();
  }
  if (options_.database) {
    auto store = SqliteSessionTableStore::open(options_.database->path, options_.database->key);
    if (!store) return store.error();
    store_ = std::move(*store);
    auto rows = store_->load_all();
    if (!rows) return rows.error();
    loaded = std::move(*rows);
    table.store = store_;
  }
  table_ = std::make_shared<SessionTable>(metrics_->instrument(provider, options_.clock), table);
  metrics_->watch(*table_);
  if (loaded) {
    for (auto& row : loaded->sessions) {
      table_->restore(row.key, std::move(row.session), row.created_at);
    }
    if (options_.log) {
      options_.log("restored " + std::to_string(loaded->sessions.size()) + " sessions" +
                   (loaded->skipped.empty()
                        ? std::string{}
                        : ", skipped " + std::to_string(loaded->skipped.size()) +
                              " that could not be read (" + loaded->skipped.front().error.message +
                              ")"));
    }
    for (const auto& skipped : loaded->skipped) (void)store_->erase(skipped.key);
  }

  io_ = options_.http.io ? options_.http.io
                         : std::make_shared<server::IoThreads>(options_.http.threads);
  options_.http.io = io_;
  if (!options_.upstream.io) options_.upstream.io = io_;
  upstream_ = std::make_shared<server::UpstreamClient>(options_.upstream);
  csrf_ = CsrfPolicy{options_.csrf_header, options_.allowed_origins};
  proxy_ =
      std::make_unique<SessionProxy>(table_, upstream_, std::move(*routes), metrics_,
                                     ProxyOptions{options_.csrf_header, options_.forwarded_proto});
  exchanges_ = std::make_unique<ThreadPool>(options_.refresh_threads);
  sign_in_ = std::make_unique<SignInRoutes>(
      SignInSettings{options_.endpoints, options_.client, options_.redirect_uri,
                     options_.absolute_timeout},
      provider, table_, pending_logins_, options_.clock, csrf_, metrics_, exchanges_->executor());

  server::Router router;
  sign_in_->add_to(router);
  auto server = start_gateway_server(
      options_.http, std::move(router), options_.routes, *proxy_,
      [this](ServerRequest request, server::Responder respond) {
        proxy(std::move(request), std::move(respond));
      },
      metrics_);
  if (!server) return server.error();
  server_ = std::move(*server);
  return {};
}

void BffGateway::Impl::proxy(ServerRequest request, server::Responder respond) {
  if (auto refusal = csrf_refusal(request.headers, csrf_)) {
    return respond(json_error(403, "csrf", *refusal));
  }
  const auto id = request_session_id(request);
  if (!id) return respond(json_error(401, "not_signed_in", "no session: sign in at /auth/login"));
  // Any 401 means this browser's session is over: its cookie goes with the answer.
  auto clearing = [respond = std::move(respond)](ServerResponse response) {
    if (response.status == 401) response.set_header("Set-Cookie", cleared_session_cookie());
    respond(std::move(response));
  };
  proxy_->forward(std::move(request), session_key(*id), std::move(clearing));
}

BffGateway::BffGateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BffGateway::~BffGateway() = default;

Result<std::unique_ptr<BffGateway>> BffGateway::start(BffOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (auto started = impl->start(); !started) return started.error();
  return std::unique_ptr<BffGateway>(new BffGateway(std::move(impl)));
}

std::uint16_t BffGateway::port() const { return impl_->port(); }
void BffGateway::stop() { impl_->stop(); }
const SessionTable& BffGateway::sessions() const { return impl_->sessions(); }
SessionTable& BffGateway::sessions() { return impl_->sessions(); }

}  // namespace freshauth::gateway
