#include "providers/cognito_responses.h"

#include <nlohmann/json.hpp>

#include "providers/cognito_errors.h"
#include "providers/json_answer.h"

namespace freshauth::detail {
namespace {

using nlohmann::json;

// A 200 that is JSON but neither tokens nor a challenge: a different protocol, or garbage.
Error neither_tokens_nor_challenge(const std::string& call, const std::string& body) {
  const std::string hint = not_cognito_hint(body);
  if (hint.starts_with("it looks like")) {
    return {Errc::invalid_argument, call + ": this is not the Cognito JSON API; " + hint, {}};
  }
  return malformed_answer(call, "neither AuthenticationResult nor ChallengeName");
}

Error unsupported_challenge(const std::string& call, const std::string& name) {
  std::string advice;
  if (name == "NEW_PASSWORD_REQUIRED") {
    advice =
        "the user has a temporary password and must choose a new one first (sign in once "
        "through the hosted UI, or an administrator runs `aws cognito-idp "
        "admin-set-user-password --permanent`)";
  } else if (name == "MFA_SETUP") {
    advice =
        "the user pool requires MFA and this user has none set up yet; set up an "
        "authenticator app (or SMS) for the user first, e.g. through the hosted UI";
  } else if (name == "SELECT_MFA_TYPE") {
    advice =
        "the user has several MFA methods and no preferred one; set a preferred method "
        "(aws cognito-idp admin-set-user-mfa-preference)";
  } else {
    advice =
        "freshauth answers only SOFTWARE_TOKEN_MFA and SMS_MFA challenges; use an app "
        "client and user without this challenge";
  }
  return {Errc::invalid_argument, call + ": the server asked for " + name + ": " + advice, {}};
}

}  // namespace

Result<TokenGrant> parse_authentication_result(const std::string& call, const std::string& body) {
  const auto object = parse_json_object(body);
  if (!object) return malformed_answer(call, "not a JSON object");
  const auto result = object->find("AuthenticationResult");
  if (result == object->end() || !result->is_object()) {
    return neither_tokens_nor_challenge(call, body);
  }
  auto grant = parse_cognito_style_tokens(call, *result);
  if (!grant) return grant;
  if (const auto device = result->find("NewDeviceMetadata");
      device != result->end() && device->is_object()) {
    const std::string* key = string_field(*device, "DeviceKey");
    const std::string* group = string_field(*device, "DeviceGroupKey");
    if (key != nullptr && !key->empty()) {
      grant->new_device = DeviceMetadata{*key, group != nullptr ? *group : std::string{}};
    }
  }
  return grant;
}

Result<SignInOutcome> parse_cognito_sign_in(const std::string& call, const std::string& body,
                                            const std::string& username) {
  const auto object = parse_json_object(body);
  if (!object) return malformed_answer(call, "not a JSON object");
  if (const std::string* name = string_field(*object, "ChallengeName")) {
    if (*name != "SOFTWARE_TOKEN_MFA" && *name != "SMS_MFA") {
      return unsupported_challenge(call, *name);
    }
    const std::string* session = string_field(*object, "Session");
    if (session == nullptr || session->empty())
      return malformed_answer(call, "challenge without Session");
    // With sign-in aliases (email, phone) the challenge must name the user pool's username.
    std::string challenged_user = username;
    if (const auto parameters = object->find("ChallengeParameters");
        parameters != object->end() && parameters->is_object()) {
      if (const std::string* id = string_field(*parameters, "USER_ID_FOR_SRP");
          id && !id->empty()) {
        challenged_user = *id;
      }
    }
    return SignInOutcome{MfaChallenge{*name, challenged_user, *session}};
  }
  auto grant = parse_authentication_result(call, body);
  if (!grant) return grant.error();
  return SignInOutcome{std::move(*grant)};
}

}  // namespace freshauth::detail
