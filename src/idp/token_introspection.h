#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "idp/client_registry.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// The RFC 7662 answer for `token`, as `caller` (an authenticated app client) may see it.
//
// Access tokens are active while their signature, issuer, client and exp check out and the
// session they were minted from (their origin_jti) has not been revoked: revoking the refresh
// token (/oauth2/revoke, /auth/logout, RevokeToken) or GlobalSignOut ends them at once here,
// although their signature stays valid until exp. Refresh tokens are active until revoked or
// expired. Everything else, including tokens of other servers, is {"active":false}.
//
// A confidential client (one with a secret) is a resource server and may introspect any token of
// this server; a public client only the tokens issued to it. No token_type_hint is needed (RFC
// 7662 §2.1 lets the server ignore it): access tokens are JWTs and refresh tokens are not.
nlohmann::json introspect_token(IdpService& service, const std::string& token,
                                const AppClient& caller);

}  // namespace freshauth::idp
