#include "freshauth/client/http_error.h"

namespace freshauth {

HttpError::HttpError(Error error, int status, std::string body_excerpt)
    : AuthError(std::move(error)), status_(status), body_excerpt_(std::move(body_excerpt)) {}

}  // namespace freshauth
