#include "freshauth/verify/unauthorized_response.h"

#include <nlohmann/json.hpp>

namespace freshauth {
namespace {

// Quoted-string content (RFC 7230 §3.2.6): printable ASCII without `"` and `\`.
std::string header_safe(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') out.push_back(c);
  }
  return out;
}

}  // namespace

UnauthorizedResponse unauthorized_response(const VerifyFailure& failure) {
  // Our problem, not the token's: a 401 would make clients throw away a session that may be fine.
  if (failure.reason == VerifyErrc::revocation_unknown) {
    UnauthorizedResponse unavailable;
    unavailable.status = 503;
    unavailable.body = nlohmann::json{{"error", "temporarily_unavailable"},
                                      {"error_description", header_safe(failure.describe())}}
                           .dump();
    return unavailable;
  }
  // A missing scope is an authorization problem, not a bad token (RFC 6750 §3.1).
  const bool scope = failure.reason == VerifyErrc::missing_scope;
  const std::string error = scope ? "insufficient_scope" : "invalid_token";
  const std::string description = header_safe(failure.describe());
  UnauthorizedResponse response;
  response.status = scope ? 403 : 401;
  response.www_authenticate =
      "Bearer error=\"" + error + "\", error_description=\"" + description + "\"";
  response.body = nlohmann::json{{"error", error}, {"error_description", description}}.dump();
  return response;
}

}  // namespace freshauth
