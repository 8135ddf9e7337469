#pragma once

#include <variant>

#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// The verified access token of the request's `Authorization: Bearer` header, or the 401 (with
// WWW-Authenticate, RFC 6750) to answer instead.
using BearerCheck = std::variant<VerifiedToken, server::ServerResponse>;
BearerCheck authenticate_bearer(const server::ServerRequest& request, IdpService& service);

server::ServerResponse unauthorized(const VerifyFailure& failure);

}  // namespace freshauth::idp
