#pragma once

#include <curl/curl.h>

#include <string>

#include "freshauth/http/transport_error.h"

namespace freshauth::detail {

// `what` names the call (method and URL); `detail` is curl's error buffer, if it said more.
TransportError transport_error_from(CURLcode code, const std::string& what,
                                    const char* detail = nullptr);

}  // namespace freshauth::detail
