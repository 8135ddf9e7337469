#pragma once

#include <functional>

#include "freshauth/server/router.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// Amazon Cognito's JSON API on POST / by X-Amz-Target (AWSCognitoIdentityProviderService.*):
// InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), RespondToAuthChallenge
// (SOFTWARE_TOKEN_MFA), RevokeToken, GlobalSignOut and GetUser, with Cognito's error shape
// {"__type","message"}. Not yet: SECRET_HASH for clients with secrets.
server::ServerResponse handle_cognito_json(const server::ServerRequest& request,
                                           IdpService& service);

void add_cognito_json_route(server::Router& router, std::function<IdpService&()> service);

}  // namespace freshauth::idp
