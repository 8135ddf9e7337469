#pragma once

#include <string>

#include "freshauth/core/error.h"
#include "freshauth/http/http_response.h"
#include "freshauth/http/transport_error.h"

// How Cognito's error answers ({"__type","message"} with 4xx/5xx) map onto the engine's failure
// classes. `call` names the operation in messages ("Cognito InitiateAuth REFRESH_TOKEN_AUTH");
// bodies, and the server's own message text, never appear in them.
namespace freshauth::detail {

enum class CognitoCall { sign_in, mfa, refresh, revoke, global_sign_out };

// The error type of an AWS JSON answer: `__type` in the body, else the x-amzn-ErrorType header,
// with any "namespace#" prefix and ":detail" suffix removed. Empty when there is none.
std::string cognito_error_type(const HttpResponse& response);

// An Error for anything but a 2xx answer. `endpoint` is named when the server does not seem to
// speak the Cognito JSON API at all.
Error cognito_failure(const std::string& call, CognitoCall kind, const HttpResponse& response,
                      const std::string& endpoint);
Error cognito_unreachable(const std::string& call, const TransportError& error);

// What to try when a server answered something that is not the Cognito JSON API, judged from
// the shape of its body (an OAuth2 discovery document or error, HTML...).
std::string not_cognito_hint(const std::string& body);

}  // namespace freshauth::detail
