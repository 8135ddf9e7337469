#include "idp/partner_requests.h"

#include "freshauth/server/json_body.h"

namespace freshauth::idp {
namespace {

using server::json_error;
using server::ServerResponse;

ServerResponse missing(const char* field) {
  return json_error(400, "InvalidParameter", std::string{"missing or non-string field: "} + field);
}

// Fills `out` with the named non-empty string member, or returns the refusal.
std::optional<ServerResponse> take(const nlohmann::json& body, const char* field,
                                   std::string& out) {
  const std::string* value = server::string_member(body, field);
  if (value == nullptr || value->empty()) return missing(field);
  out = *value;
  return std::nullopt;
}

// A member that may be absent or null; any other non-string is refused.
std::optional<ServerResponse> take_optional(const nlohmann::json& body, const char* field,
                                            std::optional<std::string>& out) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return missing(field);
  out = it->get<std::string>();
  return std::nullopt;
}

template <class T, class Fill>
Decoded<T> decode(const server::ServerRequest& request, Fill fill) {
  auto body = server::parse_json_object(request);
  if (auto* refusal = std::get_if<ServerResponse>(&body)) return std::move(*refusal);
  T decoded;
  if (auto refusal = fill(std::get<nlohmann::json>(body), decoded)) return std::move(*refusal);
  return decoded;
}

}  // namespace

Decoded<SignInRequest> decode_sign_in(const server::ServerRequest& request) {
  return decode<SignInRequest>(request, [](const nlohmann::json& body, SignInRequest& out) {
    if (auto refusal = take(body, "username", out.username)) return refusal;
    return take(body, "password", out.password);
  });
}

Decoded<MfaAnswerRequest> decode_mfa_answer(const server::ServerRequest& request) {
  return decode<MfaAnswerRequest>(request, [](const nlohmann::json& body, MfaAnswerRequest& out) {
    if (auto refusal = take(body, "username", out.username)) return refusal;
    if (auto refusal = take(body, "session", out.session)) return refusal;
    return take(body, "code", out.code);
  });
}

Decoded<RefreshTokenRequest> decode_refresh(const server::ServerRequest& request) {
  return decode<RefreshTokenRequest>(
      request, [](const nlohmann::json& body, RefreshTokenRequest& out) {
        if (auto refusal = take(body, "token", out.token)) return refusal;
        if (auto refusal = take_optional(body, "device_key", out.device_key)) return refusal;
        return take_optional(body, "device_group_key", out.device_group_key);
      });
}

Decoded<LogoutRequest> decode_logout(const server::ServerRequest& request) {
  return decode<LogoutRequest>(request, [](const nlohmann::json& body, LogoutRequest& out) {
    return take(body, "token", out.token);
  });
}

}  // namespace freshauth::idp
