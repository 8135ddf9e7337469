#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "freshauth/core/authenticator.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

struct CognitoAuthenticatorOptions {
  std::string client_id;
  std::optional<std::string> client_secret;  ///< when set, SECRET_HASH is sent
  std::string region;  ///< endpoint https://cognito-idp.\<region\>.amazonaws.com/
  /// A custom endpoint (cognito-local, `freshauth idp`, a VPC endpoint): wins over `region`.
  std::optional<std::string> endpoint;
  std::shared_ptr<HttpTransport> transport;  ///< default: a CurlTransport with default options
};

/// Authenticator over Amazon Cognito's user-pool JSON API (AWS JSON 1.1, POST with
/// X-Amz-Target: AWSCognitoIdentityProviderService.\<operation\>): InitiateAuth USER_PASSWORD_AUTH
/// and REFRESH_TOKEN_AUTH, RespondToAuthChallenge (SOFTWARE_TOKEN_MFA, SMS_MFA), RevokeToken and
/// GlobalSignOut. Errors are mapped from Cognito's `__type` onto Errc; their messages name the
/// operation, the status and the type, never a token, password, secret or body.
class CognitoAuthenticator final : public Authenticator {
 public:
  explicit CognitoAuthenticator(CognitoAuthenticatorOptions options);

  /// InitiateAuth USER_PASSWORD_AUTH (the app client must allow ALLOW_USER_PASSWORD_AUTH).
  Result<SignInOutcome> sign_in(const Credentials& credentials) override;
  /// RespondToAuthChallenge with SOFTWARE_TOKEN_MFA_CODE or SMS_MFA_CODE.
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override;
  /// InitiateAuth REFRESH_TOKEN_AUTH with DEVICE_KEY when known. With a client secret, the
  /// SECRET_HASH is keyed by the `username` claim of request.access_token.
  Result<TokenGrant> refresh(const RefreshRequest& request) override;
  /// RevokeToken: the refresh token and every access token issued from it stop working.
  Result<void> revoke(const std::string& refresh_token) override;
  /// GlobalSignOut: every refresh token of the user, on every device, stops working.
  Result<void> global_sign_out(const std::string& access_token);

  const std::string& endpoint_url() const { return endpoint_url_; }

 private:
  /// An Error when the options cannot work (no client id, no region or endpoint).
  std::optional<Error> misconfigured(const std::string& call) const;
  HttpResult post(std::string_view operation, const std::string& body);
  Result<SignInOutcome> sign_in_outcome(const std::string& call, HttpResult sent,
                                        const std::string& username);

  CognitoAuthenticatorOptions options_;
  std::string endpoint_url_;
};

}  // namespace freshauth
