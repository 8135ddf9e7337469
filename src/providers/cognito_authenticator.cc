#include "freshauth/providers/cognito_authenticator.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "freshauth/core/token_claims.h"
#include "freshauth/curl/curl_transport.h"
#include "providers/cognito_errors.h"
#include "providers/cognito_responses.h"
#include "providers/cognito_secret_hash.h"

namespace freshauth {
namespace {

using detail::CognitoCall;
using nlohmann::json;

constexpr const char* kSignIn = "Cognito InitiateAuth USER_PASSWORD_AUTH";
constexpr const char* kRefresh = "Cognito InitiateAuth REFRESH_TOKEN_AUTH";
constexpr const char* kRespond = "Cognito RespondToAuthChallenge";
constexpr const char* kRevoke = "Cognito RevokeToken";
constexpr const char* kGlobalSignOut = "Cognito GlobalSignOut";

// AWS region names: lowercase letters, digits and dashes ("eu-west-1", "us-gov-west-1").
bool valid_region(const std::string& region) {
  return !region.empty() && std::all_of(region.begin(), region.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string endpoint_for(const CognitoAuthenticatorOptions& options) {
  if (options.endpoint) return *options.endpoint;
  if (!valid_region(options.region)) return {};
  return "https://cognito-idp." + options.region + ".amazonaws.com/";
}

// The user pool's username for a refresh's SECRET_HASH: the access token's `username` claim
// (with sign-in aliases it differs from what the user typed).
std::optional<std::string> username_claim(const std::string& access_token) {
  auto claims = decode_claims(access_token);
  if (!claims) return std::nullopt;
  const auto it = claims->payload.find("username");
  if (it == claims->payload.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

CognitoAuthenticator::CognitoAuthenticator(CognitoAuthenticatorOptions options)
    : options_(std::move(options)), endpoint_url_(endpoint_for(options_)) {
  if (!options_.transport) options_.transport = std::make_shared<CurlTransport>();
}

std::optional<Error> CognitoAuthenticator::misconfigured(const std::string& call) const {
  if (options_.client_id.empty()) {
    return Error{Errc::invalid_argument, call + ": no app client id configured", {}};
  }
  if (endpoint_url_.empty()) {
    return Error{Errc::invalid_argument,
                 call + ": set a region (such as eu-west-1) or a custom endpoint",
                 {}};
  }
  return std::nullopt;
}

HttpResult CognitoAuthenticator::post(std::string_view operation, const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint_url_;
  request.headers = {
      {"Content-Type", "application/x-amz-json-1.1"},
      {"X-Amz-Target", "AWSCognitoIdentityProviderService." + std::string{operation}}};
  request.body = body;
  return options_.transport->send(request);
}

Result<SignInOutcome> CognitoAuthenticator::sign_in(const Credentials& credentials) {
  if (auto error = misconfigured(kSignIn)) return *error;
  json parameters = {{"USERNAME", credentials.username}, {"PASSWORD", credentials.password}};
  if (options_.client_secret) {
    parameters["SECRET_HASH"] = detail::cognito_secret_hash(
        credentials.username, options_.client_id, *options_.client_secret);
  }
  const json body = {{"AuthFlow", "USER_PASSWORD_AUTH"},
                     {"ClientId", options_.client_id},
                     {"AuthParameters", parameters}};
  return sign_in_outcome(kSignIn, post("InitiateAuth", body.dump()), credentials.username);
}

Result<SignInOutcome> CognitoAuthenticator::respond_to_mfa(const MfaChallenge& challenge,
                                                           const std::string& code) {
  if (auto error = misconfigured(kRespond)) return *error;
  if (challenge.name != "SOFTWARE_TOKEN_MFA" && challenge.name != "SMS_MFA") {
    return Error{Errc::invalid_argument,
                 std::string{kRespond} + ": cannot answer a " + challenge.name + " challenge",
                 {}};
  }
  json responses = {{"USERNAME", challenge.username}, {challenge.name + "_CODE", code}};
  if (options_.client_secret) {
    responses["SECRET_HASH"] = detail::cognito_secret_hash(challenge.username, options_.client_id,
                                                           *options_.client_secret);
  }
  const json body = {{"ChallengeName", challenge.name},
                     {"ClientId", options_.client_id},
                     {"Session", challenge.session},
                     {"ChallengeResponses", responses}};
  return sign_in_outcome(kRespond, post("RespondToAuthChallenge", body.dump()), challenge.username);
}

Result<SignInOutcome> CognitoAuthenticator::sign_in_outcome(const std::string& call,
                                                            HttpResult sent,
                                                            const std::string& username) {
  if (!sent) return detail::cognito_unreachable(call, sent.error());
  const CognitoCall kind = call == kSignIn ? CognitoCall::sign_in : CognitoCall::mfa;
  if (!sent->is_success()) return detail::cognito_failure(call, kind, *sent, endpoint_url_);
  return detail::parse_cognito_sign_in(call, sent->body, username);
}

Result<TokenGrant> CognitoAuthenticator::refresh(const RefreshRequest& request) {
  if (auto error = misconfigured(kRefresh)) return *error;
  json parameters = {{"REFRESH_TOKEN", request.refresh_token}};
  if (request.device_key && !request.device_key->empty()) {
    parameters["DEVICE_KEY"] = *request.device_key;
  }
  if (options_.client_secret) {
    const auto username = username_claim(request.access_token);
    if (!username) {
      return Error{Errc::invalid_argument,
                   std::string{kRefresh} +
                       ": the SECRET_HASH needs the user pool's username, and the session's "
                       "access token has no username claim; sign in again",
                   {}};
    }
    parameters["SECRET_HASH"] =
        detail::cognito_secret_hash(*username, options_.client_id, *options_.client_secret);
  }
  const json body = {{"AuthFlow", "REFRESH_TOKEN_AUTH"},
                     {"ClientId", options_.client_id},
                     {"AuthParameters", parameters}};
  auto sent = post("InitiateAuth", body.dump());
  if (!sent) return detail::cognito_unreachable(kRefresh, sent.error());
  if (!sent->is_success()) {
    return detail::cognito_failure(kRefresh, CognitoCall::refresh, *sent, endpoint_url_);
  }
  return detail::parse_authentication_result(kRefresh, sent->body);
}

Result<void> CognitoAuthenticator::revoke(const std::string& refresh_token) {
  if (auto error = misconfigured(kRevoke)) return *error;
  // RevokeToken authenticates the client with its plain secret, not a SECRET_HASH.
  json body = {{"Token", refresh_token}, {"ClientId", options_.client_id}};
  if (options_.client_secret) body["ClientSecret"] = *options_.client_secret;
  auto sent = post("RevokeToken", body.dump());
  if (!sent) return detail::cognito_unreachable(kRevoke, sent.error());
  if (!sent->is_success()) {
    return detail::cognito_failure(kRevoke, CognitoCall::revoke, *sent, endpoint_url_);
  }
  return {};
}

Result<void> CognitoAuthenticator::global_sign_out(const std::string& access_token) {
  if (endpoint_url_.empty()) return *misconfigured(kGlobalSignOut);
  const json body = {{"AccessToken", access_token}};
  auto sent = post("GlobalSignOut", body.dump());
  if (!sent) return detail::cognito_unreachable(kGlobalSignOut, sent.error());
  if (!sent->is_success()) {
    return detail::cognito_failure(kGlobalSignOut, CognitoCall::global_sign_out, *sent,
                                   endpoint_url_);
  }
  return {};
}

}  // namespace freshauth
