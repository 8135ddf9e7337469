#pragma once

#include <string>
#include <vector>

#include "freshauth/providers/oauth2_client.h"
#include "freshauth/providers/oauth2_endpoints.h"

namespace freshauth {

/// One authorization code request (RFC 6749 §4.1.1 with RFC 7636 PKCE S256).
struct AuthorizationRequest {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string nonce = {};  ///< OpenID Connect: echoed in the id token; empty: not sent
};

/// The client's scopes, or by default "openid" plus "offline_access" where the server lists it
/// (without it some servers issue no refresh token).
std::vector<std::string> requested_scopes(const OAuth2Endpoints& endpoints,
                                          const OAuth2Client& client);

/// The scope parameter: names separated by spaces (RFC 6749 §3.3).
std::string join_scopes(const std::vector<std::string>& scopes);

/// The authorization endpoint with response_type=code, client_id, redirect_uri, scope, state,
/// code_challenge and code_challenge_method=S256, form-encoded; prompt=consent when offline_access
/// is among the scopes (OpenID Connect Core §11).
std::string authorization_url(const OAuth2Endpoints& endpoints, const OAuth2Client& client,
                              const AuthorizationRequest& request);

}  // namespace freshauth
