#pragma once

#include <string>

#include "freshauth/verify/verify_failure.h"

namespace freshauth {

/// What a resource server answers when a bearer token is refused (RFC 6750 §3): 401
/// invalid_token, 403 insufficient_scope, or 503 temporarily_unavailable (no WWW-Authenticate)
/// when revocation_unknown says the token's state could not be checked right now.
struct UnauthorizedResponse {
  int status = 401;
  std::string
      www_authenticate;  ///< Bearer error="invalid_token", error_description="..."; or empty
  std::string body;      ///< {"error":"invalid_token","error_description":"..."}
};

UnauthorizedResponse unauthorized_response(const VerifyFailure& failure);

}  // namespace freshauth
