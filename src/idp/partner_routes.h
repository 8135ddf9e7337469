#pragma once

#include <functional>

#include "freshauth/server/router.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// POST /auth, PUT /auth/challenge/mfa-token, POST /auth/refresh_token, POST /auth/logout,
// GET /.well-known/jwks.json and /.well-known/openid-configuration.
// `service` must outlive the router; it is looked up per request so it can be set after binding.
void add_partner_routes(server::Router& router, std::function<IdpService&()> service);

}  // namespace freshauth::idp
