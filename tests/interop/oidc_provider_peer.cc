#include "interop/oidc_provider_peer.h"

#include "freshauth/curl/curl_transport.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;

std::string auth_method_name(ClientAuthMethod method) {
  switch (method) {
    case ClientAuthMethod::none:
      return "none";
    case ClientAuthMethod::client_secret_basic:
      return "client_secret_basic";
    case ClientAuthMethod::client_secret_post:
      return "client_secret_post";
  }
  return "";
}

int sum(const json& counts) {
  int total = 0;
  for (const auto& [name, count] : counts.items()) total += count.get<int>();
  return total;
}

}  // namespace

OidcProviderPeer::OidcProviderPeer(const std::filesystem::path& source_dir,
                                   OidcProviderPeerOptions options)
    : node_({(source_dir / "tests/interop/oidc_provider_server.mjs").string(),
             std::string{"--rotate="} + (options.rotate_refresh_tokens ? "on" : "off"),
             "--access-token-ttl=" + std::to_string(options.access_token_ttl.count())}) {}

std::string OidcProviderPeer::issuer() const { return announcement().value("issuer", ""); }

OAuth2Client OidcProviderPeer::client(ClientAuthMethod method) const {
  OAuth2Client client;
  client.auth_method = method;
  for (const auto& entry : announcement().value("clients", json::array())) {
    if (entry.value("token_endpoint_auth_method", "") != auth_method_name(method)) continue;
    client.client_id = entry.value("client_id", "");
    if (entry.contains("client_secret")) client.client_secret = entry["client_secret"];
  }
  return client;
}

std::string OidcProviderPeer::user_login() const {
  return announcement().value("user", json::object()).value("login", "");
}

std::string OidcProviderPeer::user_password() const {
  return announcement().value("user", json::object()).value("password", "");
}

Result<OidcProviderStats> OidcProviderPeer::stats() const {
  CurlTransport transport;
  HttpRequest request;
  request.url = announcement().value("stats_url", "");
  auto response = transport.send(request);
  if (!response.ok() || response->status != 200) {
    return Error{Errc::transient, "GET /__test/stats of the oidc-provider harness failed"};
  }
  const json body = json::parse(response->body, nullptr, false);
  if (!body.is_object()) return Error{Errc::transient, "/__test/stats answered no JSON object"};
  OidcProviderStats stats;
  const json grants = body.value("grants", json::object());
  for (const auto& [type, count] : grants.items()) {
    stats.grants[type] = count.get<int>();
  }
  stats.refresh_grants = stats.grants.contains("refresh_token") ? stats.grants["refresh_token"] : 0;
  const json refresh_errors =
      body.value("grant_errors", json::object()).value("refresh_token", json::object());
  stats.refresh_errors = sum(refresh_errors);
  stats.refresh_invalid_grants = refresh_errors.value("invalid_grant", 0);
  stats.refresh_token_reuse = body.value("refresh_token_reuse", 0);
  stats.revoked_grants = body.value("revoked_grants", 0);
  stats.revocations = body.value("revocations", 0);
  stats.introspections = body.value("introspections", 0);
  return stats;
}

}  // namespace freshauth::testing
