#pragma once

#include <string>

#include "freshauth/core/error.h"

namespace freshauth {

/// What the throwing Client API throws for a non-2xx answer other than 401; it is an AuthError
/// (code: transient for 408, 429 and 5xx, invalid_argument for other 4xx) that also keeps the
/// status and a short excerpt of the body.
class HttpError : public AuthError {
 public:
  HttpError(Error error, int status, std::string body_excerpt);
  int status() const noexcept { return status_; }
  const std::string& body_excerpt() const noexcept { return body_excerpt_; }

 private:
  int status_;
  std::string body_excerpt_;
};

}  // namespace freshauth
