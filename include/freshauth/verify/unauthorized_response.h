#pragma once

#include <string>

#include "freshauth/verify/verify_failure.h"

namespace freshauth {

// What a resource server answers when a bearer token is refused (RFC 6750 §3).
struct UnauthorizedResponse {
  int status = 401;
  std::string www_authenticate;  // Bearer error="invalid_token", error_description="..."
  std::string body;              // {"error":"invalid_token","error_description":"..."}
};

UnauthorizedResponse unauthorized_response(const VerifyFailure& failure);

}  // namespace freshauth
