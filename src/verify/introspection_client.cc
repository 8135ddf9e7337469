#include "freshauth/verify/introspection_client.h"

#include "freshauth/http/form_encoding.h"

namespace freshauth {
namespace {

Error failure(Errc code, std::string message, std::optional<int> status = std::nullopt) {
  Error error{code, std::move(message), std::nullopt};
  error.http_status = status;
  return error;
}

}  // namespace

IntrospectionClient::IntrospectionClient(std::shared_ptr<HttpTransport> transport,
                                         IntrospectionClientOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {}

Result<Introspection> IntrospectionClient::introspect(std::string_view token,
                                                      std::string_view token_type_hint) const {
  HttpRequest request;
  request.method = "POST";
  request.url = options_.endpoint;
  request.timeout = options_.timeout;
  request.headers.set("Content-Type", "application/x-www-form-urlencoded");
  request.headers.set("Accept", "application/json");
  detail::FormParams form{{"token", std::string{token}}};
  if (!token_type_hint.empty()) form.emplace_back("token_type_hint", token_type_hint);
  switch (options_.auth_method) {
    case ClientAuthMethod::client_secret_basic:
      request.headers.set("Authorization",
                          detail::basic_authorization(options_.client_id, options_.client_secret));
      break;
    case ClientAuthMethod::client_secret_post:
      form.emplace_back("client_id", options_.client_id);
      form.emplace_back("client_secret", options_.client_secret);
      break;
    case ClientAuthMethod::none:
      form.emplace_back("client_id", options_.client_id);
      break;
  }
  request.body = detail::form_encode(form);

  const std::string call = "token introspection at " + options_.endpoint;
  auto answer = transport_->send(request);
  if (!answer) {
    return failure(Errc::transient, call + " failed (" + answer.error().describe() +
                                        "); the token's revocation state is unknown, try again");
  }
  const int status = answer->status;
  if (status == 429 || status >= 500) {
    return failure(Errc::transient,
                   call + " answered HTTP " + std::to_string(status) + "; try again later", status);
  }
  if (status != 200) {
    return failure(Errc::invalid_argument,
                   call + " refused the request with HTTP " + std::to_string(status) +
                       "; check the introspection client id, secret and auth method",
                   status);
  }
  auto body = nlohmann::json::parse(answer->body, nullptr, false);
  const auto active = body.is_object() ? body.find("active") : body.end();
  if (!body.is_object() || active == body.end() || !active->is_boolean()) {
    return failure(Errc::transient,
                   call +
                       " answered HTTP 200 without a boolean \"active\"; is this an RFC "
                       "7662 endpoint?",
                   status);
  }
  return Introspection{active->get<bool>(), std::move(body)};
}

}  // namespace freshauth
