#pragma once

#include <functional>
#include <string_view>

#include "freshauth/server/router.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// GET /oauth2/authorize (the login form) and POST /oauth2/authorize (its submission): the
// authorization code flow with PKCE S256 required and registered redirect URIs only.
void add_oauth2_authorize_routes(server::Router& router, std::function<IdpService&()> service);

// POST /oauth2/token (authorization_code, refresh_token), POST /oauth2/revoke and
// GET /oauth2/userInfo.
void add_oauth2_token_routes(server::Router& router, std::function<IdpService&()> service);

// POST /oauth2/introspect (RFC 7662), client-authenticated like /oauth2/token: see
// token_introspection.h for what a client may see.
void add_oauth2_introspection_route(server::Router& router, std::function<IdpService&()> service);

// {"error","error_description"} as RFC 6749 §5.2 shapes it.
server::ServerResponse oauth2_error(int status, std::string_view error,
                                    std::string_view description);

}  // namespace freshauth::idp
