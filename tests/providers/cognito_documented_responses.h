#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "support/test_tokens.h"

// Response bodies shaped as the Amazon Cognito API reference documents them (InitiateAuth,
// RespondToAuthChallenge, the common error shape of the AWS JSON 1.1 protocol), with tokens that
// carry the claims Cognito puts in them.
namespace freshauth::testing::cognito {

inline const std::string kUsername = "alice@example.com";
// With an email sign-in alias the user pool's username is a UUID, and it is what SECRET_HASH
// and challenge answers must name.
inline const std::string kPoolUsername = "7f3d1c0a-5b1e-4a2e-9a55-2f9d1e6b8c44";

inline std::string access_token(std::int64_t iat = 1'700'000'000, std::int64_t lifetime = 3600) {
  return make_token({{"sub", kPoolUsername},
                     {"token_use", "access"},
                     {"client_id", "4lh3ri2e2s0bb7pvl0qm3ek2v1"},
                     {"username", kPoolUsername},
                     {"iat", iat},
                     {"exp", iat + lifetime}});
}
inline std::string id_token() { return make_token({{"token_use", "id"}, {"sub", kPoolUsername}}); }
inline const std::string kRefreshToken =
    "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.REFRESH-SECRET";

// InitiateAuth USER_PASSWORD_AUTH, no challenge (the reference's first example).
inline nlohmann::json tokens(bool with_expires_in = true) {
  nlohmann::json result = {{"AccessToken", access_token()},
                           {"IdToken", id_token()},
                           {"RefreshToken", kRefreshToken},
                           {"TokenType", "Bearer"}};
  if (with_expires_in) result["ExpiresIn"] = 3600;
  return {{"AuthenticationResult", result}, {"ChallengeParameters", nlohmann::json::object()}};
}

// A user pool that remembers devices hands out a new device key with the tokens.
inline nlohmann::json tokens_with_new_device() {
  auto body = tokens();
  body["AuthenticationResult"]["NewDeviceMetadata"] = {
      {"DeviceGroupKey", "-Xk8ZQp0T"},
      {"DeviceKey", "eu-west-1_0f3c3a2e-6d4b-4c9a-8f61-0a1b2c3d4e5f"}};
  return body;
}

// REFRESH_TOKEN_AUTH: no new refresh token.
inline nlohmann::json refreshed(bool with_expires_in = true) {
  auto body = tokens(with_expires_in);
  body["AuthenticationResult"].erase("RefreshToken");
  return body;
}

inline nlohmann::json challenge(const std::string& name, nlohmann::json parameters) {
  parameters["USER_ID_FOR_SRP"] = kPoolUsername;
  return {{"ChallengeName", name},
          {"ChallengeParameters", parameters},
          {"Session", "AYABeBBsY5be-this-is-an-example-session-value"}};
}
inline nlohmann::json software_token_challenge() {
  return challenge("SOFTWARE_TOKEN_MFA", {{"FRIENDLY_DEVICE_NAME", "phone"}});
}
inline nlohmann::json sms_challenge() {
  return challenge("SMS_MFA", {{"CODE_DELIVERY_DELIVERY_MEDIUM", "SMS"},
                               {"CODE_DELIVERY_DESTINATION", "+*******1234"}});
}

// {"__type","message"}, as every AWS JSON 1.1 error; the message is the server's own text, which
// our messages must never repeat.
inline std::string error(const std::string& type, const std::string& message = "SERVER-TEXT") {
  return nlohmann::json{{"__type", type}, {"message", message}}.dump();
}

}  // namespace freshauth::testing::cognito
