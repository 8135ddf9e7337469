#pragma once

#include <functional>

#include "freshauth/server/router.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// GET /api/user: the protected resource standing in for "the backend API". Needs a valid access
// token of this server and X-Preferred-Partner-Id; answers {"sub","username","partner_id"}.
void add_api_user_route(server::Router& router, std::function<IdpService&()> service);

}  // namespace freshauth::idp
