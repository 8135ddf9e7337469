#pragma once

#include <string>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/error.h"
#include "freshauth/providers/oauth2_authenticator.h"

// The success bodies of OAuth2 calls. A body that is not what the call returns is
// Errc::transient (malformed); messages never quote it.
namespace freshauth::detail {

// RFC 6749 §5.1: access_token required; token_type Bearer when given; expires_in, refresh_token
// (a rotation) and id_token optional.
Result<TokenGrant> parse_token_response(const std::string& call, const std::string& body);

// RFC 8628 §3.2: device_code, user_code, verification_uri and expires_in required; interval
// defaults to 5 s.
Result<DeviceAuthorization> parse_device_authorization(const std::string& call,
                                                       const std::string& body);

}  // namespace freshauth::detail
