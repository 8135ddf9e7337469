#include "idp/bearer_auth.h"

#include "freshauth/verify/unauthorized_response.h"

namespace freshauth::idp {

server::ServerResponse unauthorized(const VerifyFailure& failure) {
  const UnauthorizedResponse answer = unauthorized_response(failure);
  server::ServerResponse response;
  response.status = answer.status;
  response.body = answer.body;
  response.set_header("Content-Type", "application/json");
  response.set_header("WWW-Authenticate", answer.www_authenticate);
  return response;
}

BearerCheck authenticate_bearer(const server::ServerRequest& request, IdpService& service) {
  const auto header = request.header("Authorization");
  const auto token = header ? bearer_token(*header) : std::nullopt;
  if (!token) {
    return unauthorized({VerifyErrc::malformed, "an Authorization: Bearer token is required"});
  }
  auto verified = service.verify_access_token(*token);
  if (!verified) return unauthorized(verified.error());
  return std::move(verified).value();
}

}  // namespace freshauth::idp
