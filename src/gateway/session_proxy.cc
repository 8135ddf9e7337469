#include "gateway/session_proxy.h"

#include "freshauth/core/store_unavailable.h"
#include "freshauth/http/auth_headers.h"
#include "freshauth/server/server_response.h"
#include "gateway/store_unavailable_response.h"

namespace freshauth::gateway {
namespace {

using server::json_error;
using server::ServerResponse;

ServerResponse refusal_for(const Error& error, const std::string& sign_in_hint) {
  if (is_store_unavailable(error)) return store_unavailable_response();
  switch (error.code) {
    case Errc::not_signed_in:
      return json_error(401, "not_signed_in", "no session: " + sign_in_hint);
    case Errc::session_expired:
      return json_error(401, "session_expired", "the session has ended: " + sign_in_hint);
    default: {
      ServerResponse response = json_error(
          503, "refresh_unavailable",
          "the session's token expired and the provider cannot refresh it now; try again later");
      if (error.retry_after) {
        response.set_header(
            "Retry-After",
            std::to_string(std::max<long long>(
                1, std::chrono::ceil<std::chrono::seconds>(*error.retry_after).count())));
      }
      return response;
    }
  }
}

bool timed_out(const Error& error) {
  return error.message.find("no response within") != std::string::npos ||
         error.message.find("no connection within") != std::string::npos;
}

ServerResponse unreachable(const Error& error) {
  const bool slow = timed_out(error);
  return json_error(slow ? 504 : 502, slow ? "upstream_timeout" : "upstream_unavailable",
                    error.message);
}

ServerResponse relayed(server::UpstreamResponse response) {
  ServerResponse forwarded;
  forwarded.status = response.status;
  forwarded.headers = caller_response_headers(response.headers);
  forwarded.body = std::move(response.body);
  return forwarded;
}

std::chrono::microseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

// One proxied request, from the session lookup to the answer: allocated once and shared by the
// steps' callbacks, which capture only it (so std::function keeps them without allocating).
struct ProxyCall {
  std::shared_ptr<SessionTable> table;
  std::shared_ptr<server::UpstreamClient> upstream;  // let go of once the request is sent
  std::shared_ptr<GatewayMetrics> metrics;
  std::shared_ptr<const ProxyOptions> options;
  server::ServerRequest request;
  UpstreamTarget target;
  std::string route;  // the route's prefix, the metrics' label
  std::string session_key;
  server::Responder respond;
  std::chrono::steady_clock::time_point sent_at;
  std::uint64_t generation = 0;

  void answer(ServerResponse response) {
    metrics->responded(route, response.status);
    respond(std::move(response));
  }
};

void relay(ProxyCall& call, Result<server::UpstreamResponse> response) {
  if (!response) return call.answer(unreachable(response.error()));
  call.metrics->upstream_answered(call.route, response->status, since(call.sent_at));
  if (response->status == 401) {
    // The token of this generation was refused: that session is dead. No retry.
    if (call.table->report_unauthorized(call.session_key, call.generation)) {
      call.metrics->session_ended("rejected_by_upstream");
    }
    return call.answer(
        json_error(401, "session_expired", "the API refused the session's token: sign in again"));
  }
  call.answer(relayed(std::move(*response)));
}

void send_upstream(const std::shared_ptr<ProxyCall>& call, Result<SessionSnapshot> snapshot) {
  const ProxyOptions& options = *call->options;
  if (!snapshot) return call->answer(refusal_for(snapshot.error(), options.sign_in_hint));
  const AuthHeaders auth = AuthHeaders::from(*snapshot);
  server::ServerRequest& request = call->request;
  auto headers = upstream_request_headers(
      request.headers, auth, call->target.route->partner_header,
      {request.remote_address, request.header("Host").value_or(""), options.forwarded_proto},
      options.csrf_header);
  if (!headers) return call->answer(json_error(400, "bad_header", headers.error().message));
  call->generation = auth.generation;
  server::UpstreamRequest outgoing{std::move(request.method), std::move(call->target.host),
                                   call->target.port,         std::move(call->target.target),
                                   std::move(*headers),       std::move(request.body)};
  call->sent_at = std::chrono::steady_clock::now();
  const auto upstream = std::move(call->upstream);
  upstream->send(std::move(outgoing), [call](Result<server::UpstreamResponse> response) {
    relay(*call, std::move(response));
  });
}

}  // namespace

SessionProxy::SessionProxy(std::shared_ptr<SessionTable> table,
                           std::shared_ptr<server::UpstreamClient> upstream, UpstreamRoutes routes,
                           std::shared_ptr<GatewayMetrics> metrics, ProxyOptions options)
    : table_(std::move(table)),
      upstream_(std::move(upstream)),
      routes_(std::move(routes)),
      metrics_(std::move(metrics)),
      options_(std::make_shared<const ProxyOptions>(std::move(options))) {}

bool SessionProxy::serves(std::string_view path) const {
  return routes_.route_for(path) != nullptr;
}

bool SessionProxy::serves_without_session(std::string_view path) const {
  const auto* route = routes_.route_for(path);
  return route != nullptr && route->without_session;
}

void SessionProxy::forward_without_session(server::ServerRequest request,
                                           server::Responder respond) const {
  auto target = routes_.match(request.path, request.query);
  if (!target || !target->route->without_session) {
    return respond(json_error(404, "not_proxied", "this path is not on the gateway's allowlist"));
  }
  const std::string route = target->route->prefix;
  auto headers = upstream_request_headers(
      request.headers,
      {request.remote_address, request.header("Host").value_or(""), options_->forwarded_proto},
      options_->csrf_header);
  if (!headers) return respond(json_error(400, "bad_header", headers.error().message));
  server::UpstreamRequest outgoing{
      std::move(request.method), target->host,           target->port, target->target,
      std::move(*headers),       std::move(request.body)};
  const auto sent_at = std::chrono::steady_clock::now();
  upstream_->send(std::move(outgoing), [metrics = metrics_, route, respond = std::move(respond),
                                        sent_at](Result<server::UpstreamResponse> response) {
    if (response) metrics->upstream_answered(route, response->status, since(sent_at));
    ServerResponse answer =
        response ? relayed(std::move(*response)) : unreachable(response.error());
    metrics->responded(route, answer.status);
    respond(std::move(answer));
  });
}

void SessionProxy::forward(server::ServerRequest request, std::string session_key,
                           server::Responder respond) const {
  auto target = routes_.match(request.path, request.query);
  if (!target) {
    return respond(json_error(404, "not_proxied", "this path is not on the gateway's allowlist"));
  }
  if (target->route->without_session) {
    return forward_without_session(std::move(request), std::move(respond));
  }
  std::string route = target->route->prefix;
  auto call = std::make_shared<ProxyCall>(
      ProxyCall{table_, upstream_, metrics_, options_, std::move(request), std::move(*target),
                std::move(route), std::move(session_key), std::move(respond),
                std::chrono::steady_clock::time_point{}, 0});
  table_->acquire(call->session_key, [call](Result<SessionSnapshot> snapshot) {
    send_upstream(call, std::move(snapshot));
  });
}

}  // namespace freshauth::gateway
