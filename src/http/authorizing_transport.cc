#include "freshauth/http/authorizing_transport.h"

#include <stdexcept>

#include "freshauth/http/auth_headers.h"

namespace freshauth {

AuthorizingTransport::AuthorizingTransport(std::shared_ptr<HttpTransport> inner,
                                           SessionEngine& engine)
    : inner_(std::move(inner)), engine_(engine) {
  if (!inner_) throw std::invalid_argument("AuthorizingTransport needs an inner transport");
}

Result<AuthorizedExchange> AuthorizingTransport::send_authorized(HttpRequest request) {
  Result<SessionSnapshot> fresh = engine_.try_ensure_fresh();
  if (!fresh) return fresh.error();
  SessionSnapshot session = std::move(*fresh);
  AuthHeaders auth = AuthHeaders::from(session);
  const std::uint64_t generation = auth.generation;

  std::move(auth).apply_to(request.headers);  // the snapshot wins over anything the caller set
  HttpResult result = inner_->send(request);
  if (result && result->status == 401) engine_.report_unauthorized(generation);
  return AuthorizedExchange{std::move(session), std::move(result)};
}

HttpResult AuthorizingTransport::send(const HttpRequest& request) {
  Result<AuthorizedExchange> exchange = send_authorized(request);
  if (!exchange) {
    Error why = std::move(exchange.error());
    std::string message = request.method + " " +
                          request.url.substr(0, request.url.find_first_of("?#")) +
                          ": not sent, no usable session: " + why.describe();
    return TransportError{TransportErrc::no_session, std::move(message), 0, std::move(why)};
  }
  return std::move(exchange->result);
}

}  // namespace freshauth
