#include "freshauth/credentials/session_provider.h"

#include <sstream>

#include "freshauth/providers/oauth2_endpoints.h"

namespace freshauth {
namespace {

Error setting_error(std::string message) {
  return {Errc::invalid_argument, std::move(message), {}};
}

Error missing(std::string_view provider, std::string_view what) {
  return setting_error("provider " + std::string{provider} + " needs " + std::string{what});
}

std::vector<std::string> split_scopes(const std::string& text) {
  std::istringstream words{text};
  std::vector<std::string> scopes;
  for (std::string word; words >> word;) scopes.push_back(word);
  return scopes;
}

Result<ClientAuthMethod> client_auth_of(const ProfileSettings& settings) {
  if (!settings.client_auth) {
    return settings.client_secret ? ClientAuthMethod::client_secret_basic : ClientAuthMethod::none;
  }
  const std::string& name = *settings.client_auth;
  if (name == "none") return ClientAuthMethod::none;
  if (name == "client_secret_basic") return ClientAuthMethod::client_secret_basic;
  if (name == "client_secret_post") return ClientAuthMethod::client_secret_post;
  return setting_error("unknown client_auth `" + name +
                       "`: use none, client_secret_basic or client_secret_post");
}

Result<OAuth2Endpoints> oauth2_endpoints(const ProfileSettings& settings,
                                         HttpTransport& transport) {
  if (settings.token_endpoint) {
    OAuth2Endpoints endpoints;
    endpoints.issuer = settings.issuer.value_or("");
    endpoints.token_endpoint = *settings.token_endpoint;
    endpoints.authorization_endpoint = settings.authorization_endpoint.value_or("");
    endpoints.revocation_endpoint = settings.revocation_endpoint;
    endpoints.device_authorization_endpoint = settings.device_authorization_endpoint;
    return endpoints;
  }
  if (!settings.issuer) {
    return missing("oauth2",
                   "an issuer (--issuer, FRESHAUTH_ISSUER or issuer = \"...\" in the "
                   "profile), or token_endpoint for a server without discovery");
  }
  return discover_oauth2_endpoints(transport, *settings.issuer);
}

Result<SessionProvider> cognito_provider(const ProfileSettings& settings,
                                         std::shared_ptr<HttpTransport> transport) {
  if (!settings.client_id) {
    return missing("cognito", "the app client id (--client-id, FRESHAUTH_CLIENT_ID or client_id)");
  }
  if (!settings.endpoint && !settings.region) {
    return missing("cognito",
                   "the user pool's region (--region, FRESHAUTH_REGION or region), "
                   "or a custom --endpoint");
  }
  SessionProvider provider;
  provider.kind = ProviderKind::cognito;
  provider.cognito = std::make_shared<CognitoAuthenticator>(CognitoAuthenticatorOptions{
      *settings.client_id, settings.client_secret, settings.region.value_or(""), settings.endpoint,
      std::move(transport)});
  provider.authenticator = provider.cognito;
  provider.server = server_of(ProviderKind::cognito, settings);
  return provider;
}

Result<SessionProvider> oauth2_provider(const ProfileSettings& settings,
                                        std::shared_ptr<HttpTransport> transport) {
  if (!settings.client_id) {
    return missing("oauth2", "the client id (--client-id, FRESHAUTH_CLIENT_ID or client_id)");
  }
  auto method = client_auth_of(settings);
  if (!method) return method.error();
  if (*method != ClientAuthMethod::none && !settings.client_secret) {
    return missing("oauth2", "the client secret for client_auth " + *settings.client_auth +
                                 ": set FRESHAUTH_CLIENT_SECRET or client_secret in the profile "
                                 "(never on the command line)");
  }
  auto endpoints = oauth2_endpoints(settings, *transport);
  if (!endpoints) return endpoints.error();
  SessionProvider provider;
  provider.kind = ProviderKind::oauth2;
  OAuth2Client client{*settings.client_id, settings.client_secret, *method,
                      split_scopes(settings.scopes.value_or(""))};
  provider.oauth2 = std::make_shared<OAuth2Authenticator>(
      OAuth2AuthenticatorOptions{std::move(*endpoints), std::move(client), std::move(transport)});
  provider.authenticator = provider.oauth2;
  provider.server = server_of(ProviderKind::oauth2, settings);
  if (provider.server.empty()) provider.server = provider.oauth2->endpoints().token_endpoint;
  return provider;
}

}  // namespace

std::string_view to_string(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::partner:
      return "partner";
    case ProviderKind::cognito:
      return "cognito";
    case ProviderKind::oauth2:
      return "oauth2";
  }
  return "partner";
}

Result<ProviderKind> provider_kind(const ProfileSettings& settings) {
  const std::string name = settings.provider.value_or("partner");
  for (const auto kind : {ProviderKind::partner, ProviderKind::cognito, ProviderKind::oauth2}) {
    if (name == to_string(kind)) return kind;
  }
  return setting_error("unknown provider `" + name + "`: use partner, cognito or oauth2");
}

std::string server_of(ProviderKind kind, const ProfileSettings& settings) {
  switch (kind) {
    case ProviderKind::partner:
      return settings.endpoint.value_or("");
    case ProviderKind::cognito:
      if (settings.endpoint) return *settings.endpoint;
      return settings.region ? "https://cognito-idp." + *settings.region + ".amazonaws.com" : "";
    case ProviderKind::oauth2:
      return settings.issuer ? *settings.issuer : settings.token_endpoint.value_or("");
  }
  return {};
}

Result<SessionProvider> make_session_provider(const ProfileSettings& settings,
                                              std::shared_ptr<HttpTransport> transport) {
  auto kind = provider_kind(settings);
  if (!kind) return kind.error();
  if (*kind == ProviderKind::cognito) return cognito_provider(settings, std::move(transport));
  if (*kind == ProviderKind::oauth2) return oauth2_provider(settings, std::move(transport));
  if (!settings.endpoint) {
    return missing("partner", "an endpoint (--endpoint, FRESHAUTH_ENDPOINT or endpoint)");
  }
  SessionProvider provider;
  provider.server = *settings.endpoint;
  auto partner = std::make_shared<PartnerAuthenticator>(
      PartnerAuthenticatorOptions{*settings.endpoint, false, std::move(transport)});
  provider.authenticator = partner;
  return provider;
}

void record_endpoints(const OAuth2Endpoints& endpoints, ProfileSettings& settings) {
  if (!endpoints.issuer.empty()) settings.issuer = endpoints.issuer;
  settings.token_endpoint = endpoints.token_endpoint;
  if (!endpoints.authorization_endpoint.empty()) {
    settings.authorization_endpoint = endpoints.authorization_endpoint;
  }
  settings.revocation_endpoint = endpoints.revocation_endpoint;
  settings.device_authorization_endpoint = endpoints.device_authorization_endpoint;
}

}  // namespace freshauth
