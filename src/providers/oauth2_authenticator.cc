#include "freshauth/providers/oauth2_authenticator.h"

#include "freshauth/curl/curl_transport.h"
#include "providers/oauth2_client_auth.h"
#include "providers/oauth2_errors.h"
#include "providers/oauth2_responses.h"

namespace freshauth {
namespace {

using detail::OAuth2Call;

Error no_password_sign_in() {
  return {Errc::invalid_argument,
          "OAuth2 servers take no password from freshauth: sign in in a browser (the "
          "authorization code flow) or with the device flow",
          {}};
}

}  // namespace

OAuth2Authenticator::OAuth2Authenticator(OAuth2AuthenticatorOptions options)
    : options_(std::move(options)) {
  if (!options_.transport) options_.transport = std::make_shared<CurlTransport>();
}

Result<SignInOutcome> OAuth2Authenticator::sign_in(const Credentials&) {
  return no_password_sign_in();
}

Result<SignInOutcome> OAuth2Authenticator::respond_to_mfa(const MfaChallenge&, const std::string&) {
  return no_password_sign_in();
}

Result<TokenGrant> OAuth2Authenticator::refresh(const RefreshRequest& request) {
  const std::string& url = options_.endpoints.token_endpoint;
  const std::string call = detail::oauth2_call_name("refresh", url);
  auto answer = detail::post_as_client(
      *options_.transport, call, url, options_.client,
      {{"grant_type", "refresh_token"}, {"refresh_token", request.refresh_token}});
  if (!answer) return answer.error();
  if (!answer->is_success()) return detail::oauth2_failure(call, OAuth2Call::refresh, *answer);
  return detail::parse_token_response(call, answer->body);
}

Result<void> OAuth2Authenticator::revoke(const std::string& refresh_token) {
  if (!options_.endpoints.revocation_endpoint) return {};
  const std::string& url = *options_.endpoints.revocation_endpoint;
  const std::string call = detail::oauth2_call_name("revocation", url);
  auto answer =
      detail::post_as_client(*options_.transport, call, url, options_.client,
                             {{"token", refresh_token}, {"token_type_hint", "refresh_token"}});
  if (!answer) return answer.error();
  // RFC 7009 §2.2: 200 whether or not the token was still valid.
  if (!answer->is_success()) return detail::oauth2_failure(call, OAuth2Call::revocation, *answer);
  return {};
}

Result<TokenGrant> OAuth2Authenticator::exchange_code(const std::string& code,
                                                      const std::string& code_verifier,
                                                      const std::string& redirect_uri) {
  const std::string& url = options_.endpoints.token_endpoint;
  const std::string call = detail::oauth2_call_name("code exchange", url);
  auto answer = detail::post_as_client(*options_.transport, call, url, options_.client,
                                       {{"grant_type", "authorization_code"},
                                        {"code", code},
                                        {"code_verifier", code_verifier},
                                        {"redirect_uri", redirect_uri}});
  if (!answer) return answer.error();
  if (!answer->is_success()) {
    return detail::oauth2_failure(call, OAuth2Call::code_exchange, *answer);
  }
  return detail::parse_token_response(call, answer->body);
}

}  // namespace freshauth
