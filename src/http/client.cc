#include "freshauth/http/client.h"

#include "freshauth/http/auth_headers.h"
#include "freshauth/http/curl_transport.h"
#include "freshauth/http/http_error.h"
#include "http/retry_after.h"

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
    : engine_(engine), options_(std::move(options)) {
  if (!options_.transport) options_.transport = std::make_shared<CurlTransport>();
}

Client::Attempt Client::attempt(const std::string& method, const std::string& path,
                                const std::string& body, const HttpHeaders& headers) {
  auto fresh = engine_.try_ensure_fresh();
  if (!fresh) return Attempt::failed(fresh.error());
  const SessionSnapshot& session = *fresh;
  const AuthHeaders auth = AuthHeaders::from(session);

  HttpRequest request{method, options_.base_url + path, options_.default_headers, body, {}};
  for (const auto& [name, value] : headers.fields()) request.headers.set(name, value);
  if (!body.empty() && !request.headers.contains("Content-Type")) {
    request.headers.set("Content-Type", "application/json");
  }
  auth.apply_to(request.headers);  // last: the snapshot wins over anything the caller set

  const std::string call = method + " " + path.substr(0, path.find_first_of("?#"));
  auto sent = options_.transport->send(request);
  if (!sent) return Attempt::failed({Errc::transient, sent.error().describe(), {}});
  HttpResponse& response = *sent;

  if (response.status == 401) {
    // The token was fresh by our clock, so the server has ended the session. Retrying would
    // hide that; the caller has to sign in again.
    engine_.report_unauthorized(auth.generation);
    return Attempt::failed({Errc::session_expired,
                            call + ": the API rejected the access token (401); sign in again",
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
                call + ": HTTP " + std::to_string(response.status) +
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
