#include "providers/cognito_errors.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

#include "freshauth/http/retry_after.h"

namespace freshauth::detail {
namespace {

using nlohmann::json;

json parse(const std::string& body) { return json::parse(body, nullptr, false); }

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The server's own explanation, only ever inspected for known phrases, never repeated.
std::string server_message(const HttpResponse& response) {
  const json body = parse(response.body);
  if (!body.is_object()) return {};
  for (const char* name : {"message", "Message"}) {
    if (const auto it = body.find(name); it != body.end() && it->is_string()) {
      return lowercase(it->get<std::string>());
    }
  }
  return {};
}

bool is_one_of(std::string_view type, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), type) != names.end();
}

Error fail(Errc code, std::string message) { return {code, std::move(message), {}}; }

constexpr const char* kSecretAdvice =
    ": the app client has a secret and the SECRET_HASH was missing or wrong; configure the app "
    "client's secret (client_secret)";

Error not_authorized(const std::string& what, CognitoCall kind, const std::string& message) {
  if (message.find("secret") != std::string::npos) {
    return fail(Errc::invalid_argument, what + kSecretAdvice);
  }
  switch (kind) {
    case CognitoCall::sign_in:
      if (message.find("attempts exceeded") != std::string::npos) {
        return fail(Errc::invalid_credentials,
                    what + ": too many failed sign-ins for this user; wait before trying again");
      }
      if (message.find("disabled") != std::string::npos) {
        return fail(Errc::invalid_credentials,
                    what +
                        ": the user is disabled; an administrator must enable it "
                        "(aws cognito-idp admin-enable-user)");
      }
      return fail(Errc::invalid_credentials, what + ": wrong username or password");
    case CognitoCall::mfa:
      return fail(Errc::invalid_credentials,
                  what + ": the sign-in session expired or was already used; sign in again");
    case CognitoCall::refresh:
      return fail(Errc::session_expired,
                  what +
                      ": the refresh token was rejected (revoked, expired, or the user "
                      "signed out everywhere)");
    case CognitoCall::revoke:
    case CognitoCall::global_sign_out:
      return fail(Errc::session_expired, what + ": the token was already invalid");
  }
  return fail(Errc::invalid_argument, what);
}

std::optional<Error> known_type(const std::string& what, CognitoCall kind, std::string_view type,
                                const std::string& message) {
  if (type == "NotAuthorizedException") return not_authorized(what, kind, message);
  if (type == "UserNotFoundException") {
    if (kind == CognitoCall::sign_in || kind == CognitoCall::mfa) {
      return fail(Errc::invalid_credentials, what + ": wrong username or password");
    }
    return fail(Errc::session_expired, what + ": the user no longer exists");
  }
  if (is_one_of(type, {"CodeMismatchException", "ExpiredCodeException"})) {
    return fail(Errc::invalid_credentials, what + ": wrong or expired MFA code");
  }
  // cognito-local answers a wrong password with InvalidPasswordException, real Cognito with
  // NotAuthorizedException; on sign-in both mean the same to the user.
  if (type == "InvalidPasswordException" && kind == CognitoCall::sign_in) {
    return fail(Errc::invalid_credentials, what + ": wrong username or password");
  }
  if (type == "PasswordResetRequiredException") {
    return fail(Errc::invalid_credentials,
                what +
                    ": the user must reset the password first (\"Forgot your password?\" in "
                    "the hosted UI, or an administrator runs `aws cognito-idp "
                    "admin-set-user-password --permanent`), then sign in again");
  }
  if (type == "UserNotConfirmedException") {
    return fail(Errc::invalid_credentials,
                what +
                    ": the account is not confirmed yet; confirm it with the code Cognito "
                    "sent, or as an administrator in the AWS console or with `aws "
                    "cognito-idp admin-confirm-sign-up`, then sign in again");
  }
  if (type == "InvalidParameterException" &&
      message.find("user_password_auth") != std::string::npos) {
    return fail(Errc::invalid_argument,
                what +
                    ": the app client does not allow USER_PASSWORD_AUTH; enable "
                    "ALLOW_USER_PASSWORD_AUTH in its authentication flows");
  }
  if (type == "ResourceNotFoundException") {
    return fail(Errc::invalid_argument,
                what +
                    ": ResourceNotFoundException: no such app client at this endpoint; "
                    "check the client id and the region");
  }
  if (type == "UnsupportedOperationException") {
    return fail(Errc::invalid_argument,
                what +
                    ": UnsupportedOperationException: enable token revocation on the app "
                    "client");
  }
  if (type == "UnauthorizedException") {
    return fail(Errc::invalid_argument,
                what +
                    ": UnauthorizedException: the app client was not authorized; check its "
                    "client_secret");
  }
  // cognito-local's answer to an operation it does not implement (HTTP 500).
  if (type == "Unsupported") {
    return fail(Errc::invalid_argument, what + ": the server does not implement this operation");
  }
  return std::nullopt;
}

bool has_any(const json& object, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(),
                     [&object](const char* name) { return object.contains(name); });
}

}  // namespace

std::string cognito_error_type(const HttpResponse& response) {
  std::string type;
  const json body = parse(response.body);
  if (body.is_object()) {
    if (const auto it = body.find("__type"); it != body.end() && it->is_string()) type = *it;
  }
  if (type.empty()) {
    if (const auto header = response.headers.find("x-amzn-ErrorType")) type = *header;
  }
  if (const auto colon = type.find(':'); colon != std::string::npos) type.resize(colon);
  if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
  return type;
}

std::string not_cognito_hint(const std::string& body) {
  const json parsed = parse(body);
  if (parsed.is_object() && has_any(parsed, {"issuer", "authorization_endpoint", "token_endpoint",
                                             "error_description"})) {
    return "it looks like an OAuth2/OpenID Connect server: try --provider oauth2";
  }
  if (parsed.is_object() && parsed.value("error", json{}) == "NotAuthorized") {
    return "it looks like the partner /auth API: try --provider partner";
  }
  const std::string start = lowercase(body.substr(0, 256));
  const bool html =
      start.find("<html") != std::string::npos || start.find("<!doctype") != std::string::npos;
  return std::string{html ? "it answered with an HTML page; " : ""} +
         "check the endpoint or region, or use --provider oauth2 for an OAuth2/OpenID Connect "
         "issuer and --provider partner for a partner /auth API";
}

Error cognito_failure(const std::string& call, CognitoCall kind, const HttpResponse& response,
                      const std::string& endpoint) {
  const int status = response.status;
  const std::string type = cognito_error_type(response);
  const std::string what = call + ": HTTP " + std::to_string(status);
  if (is_one_of(type,
                {"TooManyRequestsException", "LimitExceededException", "InternalErrorException",
                 "ThrottlingException", "ServiceUnavailableException"}) ||
      (type.empty() && (status == 429 || status == 408))) {
    return {Errc::transient, what + " " + (type.empty() ? "" : type + " ") + "(try again later)",
            parse_retry_after(response.headers), status};
  }
  if (auto known = known_type(what, kind, type, server_message(response))) {
    known->http_status = status;
    return *known;
  }
  if (status >= 500) {
    return {Errc::transient, what + (type.empty() ? "" : " " + type),
            parse_retry_after(response.headers), status};
  }
  if (type.empty()) {
    return {Errc::invalid_argument,
            what + ": this is not the Cognito JSON API (expected a JSON answer to a POST to " +
                endpoint + " with X-Amz-Target); " + not_cognito_hint(response.body),
            {},
            status};
  }
  return {Errc::invalid_argument, what + ": " + type + ": unexpected Cognito error", {}, status};
}

Error cognito_unreachable(const std::string& call, const TransportError& error) {
  // A bad URL or option will not get better by retrying.
  const Errc code =
      error.code == TransportErrc::invalid_request ? Errc::invalid_argument : Errc::transient;
  return {code, call + ": " + std::string{to_string(error.code)} + ": " + error.message, {}};
}

}  // namespace freshauth::detail
