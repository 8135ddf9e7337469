#pragma once

#include <optional>
#include <string>
#include <variant>

#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::idp {

// The partner API's request bodies (DESIGN §4), decoded and checked, or the 4xx to answer.
// Pure functions: the libFuzzer target drives them directly.
template <class T>
using Decoded = std::variant<T, server::ServerResponse>;

struct SignInRequest {
  std::string username;
  std::string password;
};
struct MfaAnswerRequest {
  std::string username;
  std::string session;
  std::string code;
};
struct RefreshTokenRequest {
  std::string token;
  std::optional<std::string> device_key;
  std::optional<std::string> device_group_key;
};
struct LogoutRequest {
  std::string token;
};

Decoded<SignInRequest> decode_sign_in(const server::ServerRequest& request);
Decoded<MfaAnswerRequest> decode_mfa_answer(const server::ServerRequest& request);
Decoded<RefreshTokenRequest> decode_refresh(const server::ServerRequest& request);
Decoded<LogoutRequest> decode_logout(const server::ServerRequest& request);

}  // namespace freshauth::idp
