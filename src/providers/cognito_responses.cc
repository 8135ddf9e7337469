#include "providers/cognito_responses.h"

#include <nlohmann/json.hpp>

#include "providers/cognito_errors.h"

namespace freshauth::detail {
namespace {

using nlohmann::json;

Error malformed(const std::string& call, const std::string& what) {
  return {Errc::transient, call + ": malformed response (" + what + ")", {}};
}

std::optional<json> parse_object(const std::string& body) {
  auto parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

const std::string* string_field(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

// A 200 that is JSON but neither tokens nor a challenge: a different protocol, or garbage.
Error neither_tokens_nor_challenge(const std::string& call, const std::string& body) {
  const std::string hint = not_cognito_hint(body);
  if (hint.starts_with("it looks like")) {
    return {Errc::invalid_argument, call + ": this is not the Cognito JSON API; " + hint, {}};
  }
  return malformed(call, "neither AuthenticationResult nor ChallengeName");
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
  const auto object = parse_object(body);
  if (!object) return malformed(call, "not a JSON object");
  const auto result = object->find("AuthenticationResult");
  if (result == object->end() || !result->is_object()) {
    return neither_tokens_nor_challenge(call, body);
  }
  const std::string* access = string_field(*result, "AccessToken");
  if (access == nullptr || access->empty()) return malformed(call, "no AccessToken");
  TokenGrant grant;
  grant.access_token = *access;
  if (const std::string* id = string_field(*result, "IdToken")) grant.id_token = *id;
  if (const std::string* refresh = string_field(*result, "RefreshToken");
      refresh != nullptr && !refresh->empty()) {
    grant.refresh_token = *refresh;
  }
  if (const auto it = result->find("ExpiresIn"); it != result->end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() <= 0) {
      return malformed(call, "ExpiresIn is not a positive integer");
    }
    grant.expires_in = std::chrono::seconds{it->get<long long>()};
  }
  if (const auto device = result->find("NewDeviceMetadata");
      device != result->end() && device->is_object()) {
    const std::string* key = string_field(*device, "DeviceKey");
    const std::string* group = string_field(*device, "DeviceGroupKey");
    if (key != nullptr && !key->empty()) {
      grant.new_device = DeviceMetadata{*key, group != nullptr ? *group : std::string{}};
    }
  }
  return grant;
}

Result<SignInOutcome> parse_cognito_sign_in(const std::string& call, const std::string& body,
                                            const std::string& username) {
  const auto object = parse_object(body);
  if (!object) return malformed(call, "not a JSON object");
  if (const std::string* name = string_field(*object, "ChallengeName")) {
    if (*name != "SOFTWARE_TOKEN_MFA" && *name != "SMS_MFA") {
      return unsupported_challenge(call, *name);
    }
    const std::string* session = string_field(*object, "Session");
    if (session == nullptr || session->empty()) return malformed(call, "challenge without Session");
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
