#include "freshauth/providers/oauth2_authenticator.h"
#include "freshauth/providers/oauth2_authorization_url.h"
#include "providers/oauth2_client_auth.h"
#include "providers/oauth2_errors.h"
#include "providers/oauth2_responses.h"

// OAuth2Authenticator's RFC 8628 device authorization grant.
namespace freshauth {
namespace {

using detail::OAuth2Call;

constexpr const char* kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
constexpr std::chrono::seconds kSlowDownStep{5};  // RFC 8628 §3.5

}  // namespace

Result<DeviceAuthorization> OAuth2Authenticator::start_device_authorization() {
  if (!options_.endpoints.device_authorization_endpoint) {
    return Error{Errc::invalid_argument,
                 "the OAuth2 server " + options_.endpoints.issuer +
                     " advertises no device_authorization_endpoint: use the browser flow, or "
                     "configure the endpoint if the server has one",
                 {}};
  }
  const std::string& url = *options_.endpoints.device_authorization_endpoint;
  const std::string call = detail::oauth2_call_name("device authorization", url);
  const std::string scope = join_scopes(requested_scopes(options_.endpoints, options_.client));
  auto answer =
      detail::post_as_client(*options_.transport, call, url, options_.client, {{"scope", scope}});
  if (!answer) return answer.error();
  if (!answer->is_success()) {
    return detail::oauth2_failure(call, OAuth2Call::device_authorization, *answer);
  }
  return detail::parse_device_authorization(call, answer->body);
}

Result<std::optional<TokenGrant>> OAuth2Authenticator::poll_device_token(
    DeviceAuthorization& authorization) {
  const std::string& url = options_.endpoints.token_endpoint;
  const std::string call = detail::oauth2_call_name("device token poll", url);
  auto answer = detail::post_as_client(
      *options_.transport, call, url, options_.client,
      {{"grant_type", kDeviceCodeGrant}, {"device_code", authorization.device_code}});
  if (!answer) return answer.error();
  if (answer->is_success()) {
    auto grant = detail::parse_token_response(call, answer->body);
    if (!grant) return grant.error();
    return std::optional<TokenGrant>{std::move(*grant)};
  }
  const auto code = detail::oauth2_error_code(*answer);
  if (answer->status == 400 || answer->status == 401) {
    if (code == "authorization_pending") return std::optional<TokenGrant>{};
    if (code == "slow_down") {
      authorization.interval += kSlowDownStep;
      return std::optional<TokenGrant>{};
    }
    if (code == "access_denied") {
      return Error{Errc::invalid_credentials,
                   call + ": access_denied: the sign-in was refused on the verification page",
                   {}};
    }
    if (code == "expired_token") {
      return Error{Errc::session_expired,
                   call +
                       ": expired_token: the user code expired before it was approved; start "
                       "the device sign-in again",
                   {}};
    }
  }
  return detail::oauth2_failure(call, OAuth2Call::device_token, *answer);
}

}  // namespace freshauth
