#include "idp/api_user_route.h"

#include "idp/bearer_auth.h"

namespace freshauth::idp {

void add_api_user_route(server::Router& router, std::function<IdpService&()> service) {
  router.add("GET", "/api/user", [service](const server::ServerRequest& request) {
    auto bearer = authenticate_bearer(request, service());
    if (auto* refusal = std::get_if<server::ServerResponse>(&bearer)) return std::move(*refusal);
    const nlohmann::json& claims = *std::get<VerifiedToken>(bearer).claims;
    const auto partner = request.header("X-Preferred-Partner-Id");
    if (!partner || partner->empty()) {
      return server::json_error(400, "MissingPartner", "X-Preferred-Partner-Id is required");
    }
    return server::json_response(200, {{"sub", claims.value("sub", "")},
                                       {"username", claims.value("username", "")},
                                       {"partner_id", *partner}});
  });
}

}  // namespace freshauth::idp
