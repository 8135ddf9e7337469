#include "freshauth/server/form_body.h"
#include "idp/client_authentication.h"
#include "idp/oauth2_routes.h"
#include "idp/token_introspection.h"

namespace freshauth::idp {
namespace {

using server::ServerRequest;
using server::ServerResponse;

ServerResponse introspect(const ServerRequest& request, IdpService& service) {
  auto body = server::parse_form_body(request);
  if (std::holds_alternative<ServerResponse>(body)) {
    return oauth2_error(400, "invalid_request", "the body must be a well-formed form");
  }
  const auto& fields = std::get<server::FormFields>(body);
  auto authenticated = client_or_refusal(request, fields, service);
  if (auto* refusal = std::get_if<ServerResponse>(&authenticated)) return std::move(*refusal);
  const std::string token = server::form_field(fields, "token");
  if (token.empty()) return oauth2_error(400, "invalid_request", "token is required");
  auto response = server::json_response(
      200, introspect_token(service, token, std::get<AppClient>(authenticated)));
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

void add_oauth2_introspection_route(server::Router& router, std::function<IdpService&()> service) {
  router.add("POST", "/oauth2/introspect",
             [service](const ServerRequest& request) { return introspect(request, service()); });
}

}  // namespace freshauth::idp
