#include "freshauth/providers/oauth2_authorization_url.h"

#include <algorithm>

#include "freshauth/http/form_encoding.h"

namespace freshauth {

std::vector<std::string> requested_scopes(const OAuth2Endpoints& endpoints,
                                          const OAuth2Client& client) {
  if (!client.scopes.empty()) return client.scopes;
  std::vector<std::string> scopes{"openid"};
  const auto& supported = endpoints.scopes_supported;
  if (std::find(supported.begin(), supported.end(), "offline_access") != supported.end()) {
    scopes.emplace_back("offline_access");
  }
  return scopes;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string joined;
  for (const auto& scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += scope;
  }
  return joined;
}

std::string authorization_url(const OAuth2Endpoints& endpoints, const OAuth2Client& client,
                              const AuthorizationRequest& request) {
  const auto scopes = requested_scopes(endpoints, client);
  const bool offline = std::find(scopes.begin(), scopes.end(), "offline_access") != scopes.end();
  detail::FormParams params = {{"response_type", "code"},
                               {"client_id", client.client_id},
                               {"redirect_uri", request.redirect_uri},
                               {"scope", join_scopes(scopes)},
                               {"state", request.state},
                               {"code_challenge", request.code_challenge},
                               {"code_challenge_method", "S256"}};
  // OpenID Connect Core §11: offline access is granted only with prompt=consent.
  if (!request.nonce.empty()) params.emplace_back("nonce", request.nonce);
  if (offline) params.emplace_back("prompt", "consent");
  const std::string& base = endpoints.authorization_endpoint;
  const char separator = base.find('?') == std::string::npos ? '?' : '&';
  return base + separator + detail::form_encode(params);
}

}  // namespace freshauth
