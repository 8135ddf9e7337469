#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// HTTP/1.1 message heads written straight into one buffer, sent with the body in one gather
// write. Beast's serializer walks a chain of buffer views per field; on a proxy's path that cost
// more than the rest of the request's user-space work (profiled: 11 % of the gateway's CPU).
// Beast still parses everything that arrives. Content-Length, Transfer-Encoding and Connection
// among `headers` are dropped: the message's framing is the writer's.
namespace freshauth::server {

using WireHeaders = std::vector<std::pair<std::string, std::string>>;

/// "HTTP/1.1 <status> <reason>", the headers, Content-Length (none for 1xx, 204 and 304) and
/// "Connection: close" unless kept alive, then the blank line.
std::string response_head(int status, const WireHeaders& headers, std::size_t body_size,
                          bool keep_alive);

/// "<method> <target> HTTP/1.1", the headers, Host (`default_host` unless `headers` has one) and
/// Content-Length (when there is a body, or for POST, PUT and PATCH), then the blank line.
std::string request_head(std::string_view method, std::string_view target,
                         const WireHeaders& headers, std::string_view default_host,
                         std::size_t body_size);

}  // namespace freshauth::server
