#include "gateway/session_proxy.h"

#include "freshauth/http/auth_headers.h"
#include "freshauth/server/server_response.h"

namespace freshauth::gateway {
namespace {

using server::json_error;
using server::ServerResponse;

ServerResponse refusal_for(const Error& error, const std::string& sign_in_hint) {
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

}  // namespace

SessionProxy::SessionProxy(std::shared_ptr<SessionTable> table,
                           std::shared_ptr<server::UpstreamClient> upstream, UpstreamRoutes routes,
                           std::shared_ptr<GatewayMetrics> metrics, ProxyOptions options)
    : table_(std::move(table)),
      upstream_(std::move(upstream)),
      routes_(std::move(routes)),
      metrics_(std::move(metrics)),
      options_(std::move(options)) {}

bool SessionProxy::serves(std::string_view path) const {
  return routes_.match(path, "").has_value();
}

bool SessionProxy::serves_without_session(std::string_view path) const {
  const auto target = routes_.match(path, "");
  return target && target->route->without_session;
}

void SessionProxy::forward_without_session(const server::ServerRequest& request,
                                           server::Responder respond) const {
  auto target = routes_.match(request.path, request.query);
  if (!target || !target->route->without_session) {
    return respond(json_error(404, "not_proxied", "this path is not on the gateway's allowlist"));
  }
  const std::string route = target->route->prefix;
  auto headers = upstream_request_headers(
      request.headers,
      {request.remote_address, request.header("Host").value_or(""), options_.forwarded_proto},
      options_.csrf_header);
  if (!headers) return respond(json_error(400, "bad_header", headers.error().message));
  server::UpstreamRequest outgoing{request.method, target->host,        target->port,
                                   target->target, std::move(*headers), request.body};
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

void SessionProxy::forward(const server::ServerRequest& request, const std::string& session_key,
                           server::Responder respond) const {
  auto target = routes_.match(request.path, request.query);
  if (!target) {
    return respond(json_error(404, "not_proxied", "this path is not on the gateway's allowlist"));
  }
  if (target->route->without_session) return forward_without_session(request, std::move(respond));
  const std::string route = target->route->prefix;
  const bool partner_header = target->route->partner_header;
  ForwardContext context{request.remote_address, request.header("Host").value_or(""),
                         options_.forwarded_proto};
  auto answer = [metrics = metrics_, route, respond](ServerResponse response) {
    metrics->responded(route, response.status);
    respond(std::move(response));
  };
  table_->acquire(session_key, [table = table_, upstream = upstream_, metrics = metrics_,
                                csrf = options_.csrf_header, hint = options_.sign_in_hint, request,
                                target = std::move(*target), session_key, partner_header, context,
                                route, answer](Result<SessionSnapshot> snapshot) mutable {
    if (!snapshot) return answer(refusal_for(snapshot.error(), hint));
    const AuthHeaders auth = AuthHeaders::from(*snapshot);
    auto headers = upstream_request_headers(request.headers, auth, partner_header, context, csrf);
    if (!headers) return answer(json_error(400, "bad_header", headers.error().message));
    server::UpstreamRequest outgoing{request.method, target.host,         target.port,
                                     target.target,  std::move(*headers), request.body};
    const auto sent_at = std::chrono::steady_clock::now();
    upstream->send(std::move(outgoing), [table, metrics, session_key, route, answer, sent_at,
                                         generation = auth.generation](
                                            Result<server::UpstreamResponse> response) {
      if (!response) return answer(unreachable(response.error()));
      metrics->upstream_answered(route, response->status, since(sent_at));
      if (response->status == 401) {
        // The token of this generation was refused: that session is dead. No retry.
        if (table->report_unauthorized(session_key, generation)) {
          metrics->session_ended("rejected_by_upstream");
        }
        return answer(json_error(401, "session_expired",
                                 "the API refused the session's token: sign in again"));
      }
      answer(relayed(std::move(*response)));
    });
  });
}

}  // namespace freshauth::gateway
