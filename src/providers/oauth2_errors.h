#pragma once

#include <optional>
#include <string>

#include "freshauth/core/error.h"
#include "freshauth/http/http_transport.h"

// How OAuth2 servers' failures (RFC 6749 §5.2 {"error","error_description"}) map onto the
// engine's vocabulary. `call` names the request ("refresh (POST https://…/token)"); messages
// quote the error code only, never a description or body, which may echo what was sent.
namespace freshauth::detail {

enum class OAuth2Call {
  discovery,
  code_exchange,
  refresh,
  revocation,
  device_authorization,
  device_token
};

// The "error" code of an RFC 6749 §5.2 answer when it has the shape of one (lower-case letters
// and '_'); nullopt otherwise.
std::optional<std::string> oauth2_error_code(const HttpResponse& response);

// An Error for anything but a 2xx answer.
Error oauth2_failure(const std::string& call, OAuth2Call kind, const HttpResponse& response);
Error oauth2_unreachable(const std::string& call, const TransportError& error);

// "expected an OAuth2 / OpenID Connect server; …, or use --provider cognito … or partner …".
const char* not_oauth2_advice();

// When the answer shows another protocol (an X-Amz-Target JSON API error, the partner API's error
// shape): what was expected and which provider to use instead, as a sentence; nullopt when it
// does not.
std::optional<std::string> other_protocol_hint(const HttpResponse& response);

}  // namespace freshauth::detail
