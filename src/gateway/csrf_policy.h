#pragma once

#include <optional>
#include <string>
#include <vector>

#include "freshauth/server/server_request.h"

// Cross-site request forgery: the session cookie is SameSite=Strict already; API calls through
// the gateway must also carry a custom header (a cross-site form cannot set one, and a cross-site
// fetch that sets one needs a CORS preflight the gateway never approves) and, when the browser
// says where the request comes from, come from an allowed origin.
namespace freshauth::gateway {

struct CsrfPolicy {
  std::string header = "X-CSRF";             ///< must be present with the value "1"
  std::vector<std::string> allowed_origins;  ///< "https://app.example.com"; exact matches
};

// Why the request is refused (for the 403's message), or nullopt when it may pass.
std::optional<std::string> csrf_refusal(const server::HeaderMap& headers, const CsrfPolicy& policy);

}  // namespace freshauth::gateway
