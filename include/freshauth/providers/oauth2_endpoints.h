#pragma once

#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

/// Where an OAuth2 / OpenID Connect server takes its requests: from its discovery document, or
/// given explicitly for servers that publish none.
struct OAuth2Endpoints {
  std::string issuer;
  std::string authorization_endpoint;  ///< empty: the server has no browser flow
  std::string token_endpoint;
  std::optional<std::string> revocation_endpoint, device_authorization_endpoint,
      introspection_endpoint, userinfo_endpoint, jwks_uri;
  /// The document's scopes_supported; empty when unknown. Decides whether offline_access is asked
  /// for by default.
  std::vector<std::string> scopes_supported = {};
};

/// GET \<issuer\>/.well-known/openid-configuration, and checks that its "issuer" is exactly the one
/// asked for (OpenID Connect Discovery §4.3). A server that answers 404, or with a body that is
/// no discovery document, is reported as Errc::invalid_argument saying what was expected and
/// which other provider it may speak; 5xx, 429 and network trouble are Errc::transient.
Result<OAuth2Endpoints> discover_oauth2_endpoints(HttpTransport& transport,
                                                  const std::string& issuer);

}  // namespace freshauth
