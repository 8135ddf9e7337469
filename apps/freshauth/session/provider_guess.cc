#include "session/provider_guess.h"

#include <nlohmann/json.hpp>

#include "freshauth/curl/curl_transport.h"

namespace freshauth::cli {
namespace {

constexpr std::chrono::milliseconds kProbeTimeout{3000};

std::optional<nlohmann::json> json_object(HttpResult sent) {
  if (!sent.ok()) return std::nullopt;
  auto parsed = nlohmann::json::parse(sent->body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

HttpResult probe(HttpTransport& transport, std::string method, std::string url, HttpHeaders headers,
                 std::string body) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers = std::move(headers);
  request.body = std::move(body);
  request.timeout = kProbeTimeout;
  return transport.send(request);
}

std::optional<std::string> speaks_oauth2(HttpTransport& transport, const std::string& base) {
  const auto document =
      json_object(probe(transport, "GET", base + "/.well-known/openid-configuration", {}, {}));
  if (!document || !document->contains("token_endpoint")) return std::nullopt;
  const auto issuer = document->value("issuer", base);
  return base + " publishes an OpenID Connect discovery document: try --provider oauth2 --issuer " +
         issuer;
}

std::optional<std::string> speaks_cognito(HttpTransport& transport, const std::string& base) {
  const auto answer =
      json_object(probe(transport, "POST", base + "/",
                        {{"Content-Type", "application/x-amz-json-1.1"},
                         {"X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth"}},
                        "{}"));
  if (!answer || !answer->contains("__type")) return std::nullopt;
  return base + " answers Cognito's JSON API (X-Amz-Target): try --provider cognito --endpoint " +
         base;
}

std::optional<std::string> speaks_partner(HttpTransport& transport, const std::string& base) {
  auto sent =
      probe(transport, "POST", base + "/auth", {{"Content-Type", "application/json"}}, "{}");
  if (!sent.ok() || sent->status == 404 || sent->status == 405 || sent->status >= 500) {
    return std::nullopt;
  }
  if (!json_object(sent)) return std::nullopt;
  return base + " answers the partner API (POST /auth): try --provider partner --endpoint " + base;
}

}  // namespace

std::optional<std::string> guess_provider_hint(ProviderKind tried,
                                               const ProfileSettings& settings) {
  const std::string base =
      tried == ProviderKind::oauth2 ? settings.issuer.value_or("") : settings.endpoint.value_or("");
  if (base.empty()) return std::nullopt;
  CurlTransport transport;
  if (tried != ProviderKind::oauth2) {
    if (auto hint = speaks_oauth2(transport, base)) return hint;
  }
  if (tried != ProviderKind::cognito) {
    if (auto hint = speaks_cognito(transport, base)) return hint;
  }
  if (tried != ProviderKind::partner) {
    if (auto hint = speaks_partner(transport, base)) return hint;
  }
  return std::nullopt;
}

}  // namespace freshauth::cli
