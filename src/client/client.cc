#include "freshauth/client/client.h"

#include "freshauth/client/http_error.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/http/retry_after.h"

namespace freshauth {
namespace {

constexpr std::size_t kExcerptLength = 200;

void replace_all(std::string& text, const std::string& secret) {
  if (secret.empty()) return;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
    text.replace(at, secret.size(), "[redacted]");
  }
}

// A short, printable start of the body. An API may echo the credentials it was sent (a debug
// endpoint, a proxy's error page): the session's tokens are cut out whatever the body says. The
// refresh token is never sent, so it is asked for only here, off the path of successful calls.
std::string excerpt_of(const std::string& body, const SessionSnapshot& session,
                       const std::shared_ptr<const Session>& current) {
  std::string text = body;
  replace_all(text, session.access_token());
  replace_all(text, session.id_token());
  if (current) replace_all(text, current->refresh_token);
  if (text.size() > kExcerptLength) text = text.substr(0, kExcerptLength) + "...";
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

ClientOptions with_default_transport(ClientOptions options) {
  if (!options.transport) options.transport = std::make_shared<CurlTransport>();
  return options;
}

Errc code_for_status(int status) {
  if (status == 408 || status == 429 || status >= 500) return Errc::transient;
  return Errc::invalid_argument;
}

}  // namespace

struct Client::Attempt {
  std::optional<ApiResponse> response;
  std::optional<Error> error;
  int status = 0;  // set when the error is a non-2xx answer
  std::string excerpt;

  static Attempt failed(Error why, int status = 0, std::string excerpt = {}) {
    return {std::nullopt, std::move(why), status, std::move(excerpt)};
  }
};

Client::Client(SessionEngine& engine, ClientOptions options)
    : engine_(engine),
      options_(with_default_transport(std::move(options))),
      authorizing_(options_.transport, engine_) {}

Client::Attempt Client::attempt(const std::string& method, const std::string& path,
                                const std::string& body, const HttpHeaders& headers) {
  HttpRequest request{method, options_.base_url + path, {}, body, {}};
  constexpr std::size_t kAuthFields = 2;  // Authorization, X-Preferred-Partner-Id
  request.headers.reserve(options_.default_headers.size() + headers.size() + kAuthFields);
  for (const auto& [name, value] : options_.default_headers.fields()) {
    request.headers.add(name, value);
  }
  for (const auto& [name, value] : headers.fields()) request.headers.set(name, value);
  if (!body.empty() && !request.headers.contains("Content-Type")) {
    request.headers.set("Content-Type", "application/json");
  }

  auto exchange = authorizing_.send_authorized(std::move(request));
  if (!exchange) return Attempt::failed(std::move(exchange.error()));
  const SessionSnapshot& session = exchange->session;
  // Named in error messages only, so built only for them.
  auto call = [&] { return method + " " + path.substr(0, path.find_first_of("?#")); };
  if (!exchange->result) {
    return Attempt::failed({Errc::transient, exchange->result.error().describe(), {}});
  }
  HttpResponse& response = *exchange->result;

  if (response.status == 401) {
    // Already reported to the engine, by the generation that was sent. The token was fresh by our
    // clock, so the server has ended the session; retrying would hide that: sign in again.
    return Attempt::failed({Errc::session_expired,
                            call() + ": the API rejected the access token (401); sign in again",
                            {},
                            401},
                           401);
  }
  if (!response.is_success()) {
    std::string excerpt = excerpt_of(response.body, session, engine_.current());
    const std::optional<std::chrono::seconds> retry_after =
        response.status == 429 || response.status == 503 ? parse_retry_after(response.headers)
                                                         : std::nullopt;
    Error error{code_for_status(response.status),
                call() + ": HTTP " + std::to_string(response.status) +
                    (excerpt.empty() ? std::string{} : ": " + excerpt),
                retry_after, response.status};
    return Attempt::failed(std::move(error), response.status, std::move(excerpt));
  }
  Attempt done;
  done.response =
      ApiResponse{response.status, std::move(response.headers), std::move(response.body)};
  return done;
}

Result<ApiResponse> Client::try_request(const std::string& method, const std::string& path,
                                        const std::string& body, const HttpHeaders& headers) {
  Attempt result = attempt(method, path, body, headers);
  if (result.error) return std::move(*result.error);
  return std::move(*result.response);
}

ApiResponse Client::request(const std::string& method, const std::string& path,
                            const std::string& body, const HttpHeaders& headers) {
  Attempt result = attempt(method, path, body, headers);
  if (!result.error) return std::move(*result.response);
  if (result.status != 0 && result.status != 401) {
    throw HttpError(std::move(*result.error), result.status, std::move(result.excerpt));
  }
  throw AuthError(std::move(*result.error));
}

ApiResponse Client::post(const std::string& path, const nlohmann::json& body) {
  return request("POST", path, body.dump());
}

ApiResponse Client::put(const std::string& path, const nlohmann::json& body) {
  return request("PUT", path, body.dump());
}

}  // namespace freshauth
