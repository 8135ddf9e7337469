#include "gateway/csrf_policy.h"

#include <algorithm>

namespace freshauth::gateway {

std::optional<std::string> csrf_refusal(const server::HeaderMap& headers,
                                        const CsrfPolicy& policy) {
  const auto marker = headers.find(policy.header);
  if (marker == headers.end() || marker->second != "1") {
    return "API calls through the gateway must send the header " + policy.header + ": 1";
  }
  if (const auto site = headers.find("Sec-Fetch-Site");
      site != headers.end() && site->second == "cross-site") {
    return std::string{"cross-site requests are refused"};
  }
  if (const auto origin = headers.find("Origin"); origin != headers.end()) {
    const bool allowed = std::find(policy.allowed_origins.begin(), policy.allowed_origins.end(),
                                   origin->second) != policy.allowed_origins.end();
    if (!allowed) return std::string{"the request's Origin is not allowed"};
  }
  return std::nullopt;
}

}  // namespace freshauth::gateway
