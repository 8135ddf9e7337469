#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "freshauth/core/authenticator.h"
#include "freshauth/http/http_transport.h"
#include "freshauth/providers/oauth2_client.h"
#include "freshauth/providers/oauth2_endpoints.h"

namespace freshauth {

struct OAuth2AuthenticatorOptions {
  OAuth2Endpoints endpoints;
  OAuth2Client client;
  std::shared_ptr<HttpTransport> transport;  ///< default: a CurlTransport with default options
};

/// A started RFC 8628 device authorization: show user_code and verification_uri, then poll.
struct DeviceAuthorization {
  std::string device_code;
  std::string user_code;
  std::string verification_uri;
  std::optional<std::string> verification_uri_complete;
  std::chrono::seconds expires_in{};
  std::chrono::seconds interval{5};  ///< grows by 5 s on every slow_down
};

/// Authenticator for any OAuth2 / OpenID Connect server: the refresh grant (a rotated refresh
/// token comes back in TokenGrant::refresh_token), RFC 7009 revocation, the authorization code
/// exchange and the device grant. Errors follow RFC 6749 §5.2: invalid_grant, and any other 400
/// or 401 on refresh, is Errc::session_expired; invalid_client is Errc::invalid_argument; 5xx, 429
/// (with Retry-After), timeouts and malformed answers are Errc::transient. Messages name the call
/// and the status, never a token, code, secret or body.
class OAuth2Authenticator final : public Authenticator {
 public:
  explicit OAuth2Authenticator(OAuth2AuthenticatorOptions options);

  /// OAuth2 has no password sign-in here: Errc::invalid_argument pointing to the browser or
  /// device flow (flows/browser_sign_in.h, flows/device_sign_in.h).
  Result<SignInOutcome> sign_in(const Credentials& credentials) override;
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override;
  /// grant_type=refresh_token.
  Result<TokenGrant> refresh(const RefreshRequest& request) override;
  /// RFC 7009 with token_type_hint=refresh_token. A server without a revocation_endpoint cannot
  /// revoke: that is a success with nothing sent, since the caller forgets the token either way.
  Result<void> revoke(const std::string& refresh_token) override;

  /// grant_type=authorization_code with the PKCE verifier and the redirect_uri used to get `code`.
  Result<TokenGrant> exchange_code(const std::string& code, const std::string& code_verifier,
                                   const std::string& redirect_uri);

  /// RFC 8628 §3.1. Errc::invalid_argument when the server advertises no device endpoint.
  Result<DeviceAuthorization> start_device_authorization();
  /// One poll of the token endpoint (§3.4): nullopt while authorization_pending or after
  /// slow_down (which adds 5 s to authorization.interval); access_denied is
  /// Errc::invalid_credentials, expired_token Errc::session_expired.
  Result<std::optional<TokenGrant>> poll_device_token(DeviceAuthorization& authorization);

  const OAuth2Endpoints& endpoints() const { return options_.endpoints; }
  const OAuth2Client& client() const { return options_.client; }

 private:
  OAuth2AuthenticatorOptions options_;
};

}  // namespace freshauth
