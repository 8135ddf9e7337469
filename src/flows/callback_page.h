#pragma once

#include <string>

#include "freshauth/server/server_response.h"

namespace freshauth::detail {

// The page the browser shows after the redirect to the loopback listener: a heading and one
// sentence, HTML-escaped, with headers that keep the URL's code out of caches and referrers.
server::ServerResponse callback_page(int status, const std::string& heading,
                                     const std::string& sentence);

}  // namespace freshauth::detail
