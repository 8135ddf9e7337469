#include "freshauth/gateway/sidecar_gateway.h"

#include <arpa/inet.h>

#include <atomic>

#include "freshauth/server/server_response.h"
#include "gateway/gateway_metrics.h"
#include "gateway/gateway_server.h"
#include "gateway/session_proxy.h"
#include "gateway/sidecar_sign_in.h"

namespace freshauth::gateway {
namespace {

using server::json_error;
using server::ServerRequest;
using server::ServerResponse;

// The table holds one session, under this key.
constexpr const char* kServiceKey = "service";

bool is_loopback_host(const std::string& host) {
  if (host == "::1") return true;
  in_addr address{};
  return ::inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

// A fatal refresh (from the refresh-ahead timer too) ends the session: sign in again at once
// rather than at the next request.
class SessionEnded final : public SessionObserver {
 public:
  void attach(SidecarSignIn* sign_in) { sign_in_.store(sign_in); }
  void on_session_expired(const Error& /*reason*/) override {
    if (auto* sign_in = sign_in_.load()) sign_in->renew();
  }

 private:
  std::atomic<SidecarSignIn*> sign_in_{nullptr};
};

}  // namespace

// Destroyed last to first: the server, then the proxy and the upstream client (whose pending
// answers may still ask for a sign-in), then the table. The sign-in thread is stopped first of
// all (in ~Impl), since it writes into the table.
class SidecarGateway::Impl {
 public:
  explicit Impl(SidecarOptions options) : options_(std::move(options)) {}
  ~Impl() {
    if (server_) server_->stop();
    if (sign_in_) sign_in_->stop();
  }

  Result<void> start();
  std::uint16_t port() const { return server_->port(); }
  void stop() { server_->stop(); }

 private:
  void proxy(ServerRequest request, server::Responder respond);
  ServerResponse not_signed_in();
  ServerResponse status() const;

  SidecarOptions options_;
  std::shared_ptr<GatewayMetrics> metrics_ = std::make_shared<GatewayMetrics>();
  std::shared_ptr<SessionEnded> ended_ = std::make_shared<SessionEnded>();
  std::unique_ptr<SidecarSignIn> sign_in_;
  std::shared_ptr<SessionTable> table_;
  // The server's and the upstream client's threads: a request stays on one thread throughout.
  std::shared_ptr<server::IoThreads> io_;
  std::shared_ptr<server::UpstreamClient> upstream_;
  std::unique_ptr<SessionProxy> proxy_;
  std::unique_ptr<server::HttpServer> server_;
};

Result<void> SidecarGateway::Impl::start() {
  if (!options_.clock) options_.clock = std::make_shared<SystemClock>();
  const bool local = !options_.http.unix_socket.empty() || is_loopback_host(options_.http.host);
  if (!options_.allow_remote && !local) {
    return Error{Errc::invalid_argument,
                 "the sidecar adds credentials to every request it is sent, so it listens on "
                 "loopback only; " +
                     options_.http.host + " is not a loopback address (allow_remote overrides)",
                 {}};
  }
  if (!options_.authenticator) {
    return Error{Errc::invalid_argument, "the sidecar needs an authenticator", {}};
  }
  auto routes = UpstreamRoutes::create(options_.routes);
  if (!routes) return routes.error();

  SessionTableOptions table;
  table.policy = options_.policy;
  table.clock = options_.clock;
  table.refresh_threads = 1;
  table.observers = {metrics_->table_observer(), ended_};
  table_ = std::make_shared<SessionTable>(
      metrics_->instrument(options_.authenticator, options_.clock), table);
  metrics_->watch(*table_);
  sign_in_ = std::make_unique<SidecarSignIn>(
      SidecarSignInSettings{options_.authenticator, options_.credentials, options_.context,
                            options_.policy, options_.clock, options_.log},
      table_, kServiceKey);
  if (auto signed_in = sign_in_->start(options_.refresh_token); !signed_in) {
    return signed_in.error();
  }
  ended_->attach(sign_in_.get());

  io_ = options_.http.io ? options_.http.io
                         : std::make_shared<server::IoThreads>(options_.http.threads);
  options_.http.io = io_;
  if (!options_.upstream.io) options_.upstream.io = io_;
  upstream_ = std::make_shared<server::UpstreamClient>(options_.upstream);
  proxy_ = std::make_unique<SessionProxy>(
      table_, upstream_, std::move(*routes), metrics_,
      ProxyOptions{"", "http",
                   options_.credentials
                       ? "the sidecar signs in again by itself; retry shortly"
                       : "the sidecar has no credentials to sign in again: restart it"});
  server::Router router;
  router.add("GET", "/sidecar/status", [this](const ServerRequest&) { return status(); });
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

void SidecarGateway::Impl::proxy(ServerRequest request, server::Responder respond) {
  if (!table_->status(kServiceKey)) return respond(not_signed_in());
  // The proxy has ended the session on a 401 (unless it was an older one's): sign in again.
  auto renewing = [this, respond = std::move(respond)](ServerResponse response) {
    if (response.status == 401 && !table_->status(kServiceKey)) sign_in_->renew();
    respond(std::move(response));
  };
  proxy_->forward(std::move(request), kServiceKey, std::move(renewing));
}

ServerResponse SidecarGateway::Impl::not_signed_in() {
  if (sign_in_->renew() == SidecarSignIn::Renewal::impossible) {
    return json_error(401, "session_expired",
                      "the service session has ended and the sidecar has no credentials to sign "
                      "in again: restart it");
  }
  ServerResponse response = json_error(503, "signing_in", "the sidecar is signing in again");
  response.set_header("Retry-After", "1");
  return response;
}

ServerResponse SidecarGateway::Impl::status() const {
  nlohmann::json body{{"signed_in", false}, {"signing_in", sign_in_->under_way()}};
  if (auto session = table_->status(kServiceKey)) {
    body["signed_in"] = true;
    body["generation"] = session->generation;
    body["access_token_expires_at"] = to_epoch_seconds(session->access_expires_at).count();
  }
  if (!options_.context.partner_id.empty()) body["partner_id"] = options_.context.partner_id;
  return server::json_response(200, body);
}

SidecarGateway::SidecarGateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SidecarGateway::~SidecarGateway() = default;

Result<std::unique_ptr<SidecarGateway>> SidecarGateway::start(SidecarOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (auto started = impl->start(); !started) return started.error();
  return std::unique_ptr<SidecarGateway>(new SidecarGateway(std::move(impl)));
}

std::uint16_t SidecarGateway::port() const { return impl_->port(); }
void SidecarGateway::stop() { impl_->stop(); }

}  // namespace freshauth::gateway
