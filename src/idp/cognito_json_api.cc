#include "idp/cognito_json_api.h"

#include "freshauth/server/json_body.h"

namespace freshauth::idp {
namespace {

using server::ServerRequest;
using server::ServerResponse;
using Json = nlohmann::json;

constexpr std::string_view kTargetPrefix = "AWSCognitoIdentityProviderService.";

ServerResponse cognito_error(int status, std::string_view type, std::string_view message) {
  auto response = server::json_response(status, {{"__type", type}, {"message", message}});
  response.headers.front().second = "application/x-amz-json-1.1";
  return response;
}

ServerResponse cognito_ok(const Json& body) {
  auto response = server::json_response(200, body);
  response.headers.front().second = "application/x-amz-json-1.1";
  return response;
}

ServerResponse from_error(const Error& error, std::string_view rejected_type) {
  switch (error.code) {
    case Errc::invalid_credentials:
    case Errc::session_expired:
      return cognito_error(400, rejected_type, error.message);
    case Errc::transient:
      return cognito_error(400, "TooManyRequestsException", error.message);
    case Errc::invalid_argument:
      return cognito_error(400, "ResourceNotFoundException", error.message);
    default:
      return cognito_error(500, "InternalErrorException", "the request could not be completed");
  }
}

Json authentication_result(const IssuedTokens& tokens) {
  Json result = {{"AccessToken", tokens.access_token},
                 {"IdToken", tokens.id_token},
                 {"ExpiresIn", tokens.expires_in.count()},
                 {"TokenType", "Bearer"}};
  if (tokens.refresh_token) result["RefreshToken"] = *tokens.refresh_token;
  return {{"AuthenticationResult", result}, {"ChallengeParameters", Json::object()}};
}

// A string member of `object` (which may itself be missing), or empty.
std::string field(const Json& body, const char* object, const char* name) {
  const auto it = body.find(object);
  if (it == body.end() || !it->is_object()) return {};
  const std::string* value = server::string_member(*it, name);
  return value == nullptr ? std::string{} : *value;
}

std::string field(const Json& body, const char* name) {
  const std::string* value = server::string_member(body, name);
  return value == nullptr ? std::string{} : *value;
}

ServerResponse missing(const char* what) {
  return cognito_error(400, "InvalidParameterException",
                       std::string{"Missing required parameter "} + what);
}

ServerResponse initiate_auth(const Json& body, IdpService& service) {
  const std::string flow = field(body, "AuthFlow");
  const std::string client_id = field(body, "ClientId");
  if (client_id.empty()) return missing("ClientId");
  if (flow == "USER_PASSWORD_AUTH") {
    const std::string username = field(body, "AuthParameters", "USERNAME");
    const std::string password = field(body, "AuthParameters", "PASSWORD");
    if (username.empty() || password.empty()) return missing("USERNAME or PASSWORD");
    auto answer = service.sign_in(username, password, client_id);
    if (!answer) return from_error(answer.error(), "NotAuthorizedException");
    if (const auto* mfa = std::get_if<MfaRequired>(&*answer)) {
      return cognito_ok({{"ChallengeName", "SOFTWARE_TOKEN_MFA"},
                         {"Session", mfa->session},
                         {"ChallengeParameters", {{"USER_ID_FOR_SRP", username}}}});
    }
    return cognito_ok(authentication_result(std::get<IssuedTokens>(*answer)));
  }
  if (flow == "REFRESH_TOKEN_AUTH" || flow == "REFRESH_TOKEN") {
    const std::string token = field(body, "AuthParameters", "REFRESH_TOKEN");
    if (token.empty()) return missing("REFRESH_TOKEN");
    std::optional<std::string> device_key;
    if (auto key = field(body, "AuthParameters", "DEVICE_KEY"); !key.empty()) device_key = key;
    auto tokens = service.refresh(token, device_key, client_id);
    if (!tokens) return from_error(tokens.error(), "NotAuthorizedException");
    return cognito_ok(authentication_result(*tokens));
  }
  return cognito_error(400, "InvalidParameterException", "Unsupported AuthFlow");
}

ServerResponse respond_to_challenge(const Json& body, IdpService& service) {
  if (field(body, "ChallengeName") != "SOFTWARE_TOKEN_MFA") {
    return cognito_error(400, "InvalidParameterException", "Unsupported ChallengeName");
  }
  const std::string session = field(body, "Session");
  const std::string username = field(body, "ChallengeResponses", "USERNAME");
  const std::string code = field(body, "ChallengeResponses", "SOFTWARE_TOKEN_MFA_CODE");
  if (session.empty() || username.empty() || code.empty()) {
    return missing("Session, USERNAME or SOFTWARE_TOKEN_MFA_CODE");
  }
  auto tokens = service.answer_mfa(username, session, code);
  if (!tokens) return from_error(tokens.error(), "CodeMismatchException");
  return cognito_ok(authentication_result(*tokens));
}

ServerResponse global_sign_out(const Json& body, IdpService& service) {
  const std::string access_token = field(body, "AccessToken");
  if (access_token.empty()) return missing("AccessToken");
  auto verified = service.verify_access_token(access_token);
  if (!verified) {
    return cognito_error(400, "NotAuthorizedException", verified.error().describe());
  }
  service.global_sign_out(verified->claims->value("username", ""));
  return cognito_ok(Json::object());
}

// Cognito's GetUser: the user's name and attributes (sub), and its MFA settings when it has TOTP.
ServerResponse get_user(const Json& body, IdpService& service) {
  const std::string access_token = field(body, "AccessToken");
  if (access_token.empty()) return missing("AccessToken");
  auto user = service.user_of_access_token(access_token);
  if (!user) {
    return user.error().code == Errc::invalid_argument
               ? cognito_error(400, "UserNotFoundException", user.error().message)
               : from_error(user.error(), "NotAuthorizedException");
  }
  Json answer = {{"Username", user->username},
                 {"UserAttributes", Json::array({{{"Name", "sub"}, {"Value", user->sub}}})}};
  if (user->totp_secret) {
    answer["UserMFASettingList"] = Json::array({"SOFTWARE_TOKEN_MFA"});
    answer["PreferredMfaSetting"] = "SOFTWARE_TOKEN_MFA";
  }
  return cognito_ok(answer);
}

}  // namespace

ServerResponse handle_cognito_json(const ServerRequest& request, IdpService& service) {
  const std::string target = request.header("X-Amz-Target").value_or("");
  if (!target.starts_with(kTargetPrefix)) {
    return cognito_error(400, "UnknownOperationException", "Missing or unknown X-Amz-Target");
  }
  auto parsed = server::parse_json_object(request);
  if (auto* refusal = std::get_if<ServerResponse>(&parsed)) {
    return cognito_error(refusal->status == 415 ? 415 : 400, "SerializationException",
                         "the body must be a JSON object");
  }
  const Json& body = std::get<Json>(parsed);
  const std::string_view operation = std::string_view{target}.substr(kTargetPrefix.size());
  if (operation == "InitiateAuth") return initiate_auth(body, service);
  if (operation == "RespondToAuthChallenge") return respond_to_challenge(body, service);
  if (operation == "RevokeToken") {
    const std::string token = field(body, "Token");
    if (token.empty()) return missing("Token");
    service.logout(token);
    return cognito_ok(Json::object());
  }
  if (operation == "GlobalSignOut") return global_sign_out(body, service);
  if (operation == "GetUser") return get_user(body, service);
  return cognito_error(400, "UnknownOperationException", "Unsupported operation");
}

void add_cognito_json_route(server::Router& router, std::function<IdpService&()> service) {
  router.add("POST", "/", [service](const ServerRequest& request) {
    return handle_cognito_json(request, service());
  });
}

}  // namespace freshauth::idp
