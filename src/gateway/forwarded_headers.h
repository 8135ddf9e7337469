#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/http/auth_headers.h"
#include "freshauth/server/server_request.h"

// What crosses the gateway in each direction. Upstream: the caller's headers minus everything
// that identifies or authorises it to the gateway (cookies, any Authorization, the CSRF marker, a
// partner id of its own choosing) and the hop-by-hop ones, plus the session's Authorization and
// partner id from one snapshot and X-Forwarded-*. Back to the caller: the upstream's headers minus
// hop-by-hop ones and cookies (an upstream could otherwise plant a session cookie).
namespace freshauth::gateway {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ForwardContext {
  std::string remote_address;   ///< the caller, for X-Forwarded-For
  std::string host;             ///< the gateway's host as the caller named it, for X-Forwarded-Host
  std::string proto = "https";  ///< what the caller spoke to whatever terminates TLS in front
};

// invalid_argument (naming the header, never its value) when a name or value holds CR, LF or NUL.
Result<HeaderList> upstream_request_headers(const server::HeaderMap& incoming,
                                            const AuthHeaders& session, bool partner_header,
                                            const ForwardContext& context,
                                            std::string_view csrf_header);
// The same for a route without a session: nothing authorises the request to the upstream.
Result<HeaderList> upstream_request_headers(const server::HeaderMap& incoming,
                                            const ForwardContext& context,
                                            std::string_view csrf_header);

// The upstream's response headers that the caller may see.
HeaderList caller_response_headers(const HeaderList& upstream);

}  // namespace freshauth::gateway
