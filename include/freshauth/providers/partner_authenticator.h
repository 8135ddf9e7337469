#pragma once

#include <memory>
#include <string>

#include "freshauth/core/authenticator.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

struct PartnerAuthenticatorOptions {
  std::string base_url;  ///< e.g. "https://partner.example.com"; "/auth..." is appended
  /// A service account cannot answer an MFA challenge: a challenge fails sign-in with
  /// Errc::mfa_required instead of being handed back.
  bool service_account = false;
  std::shared_ptr<HttpTransport> transport;  ///< default: a CurlTransport with default options
};

/// Authenticator over the partner auth API: POST /auth, PUT /auth/challenge/mfa-token,
/// POST /auth/refresh_token, POST /auth/logout. Error messages name the call and the status, never
/// a request or response body, so no token or password can leak through them.
class PartnerAuthenticator final : public Authenticator {
 public:
  explicit PartnerAuthenticator(PartnerAuthenticatorOptions options);

  Result<SignInOutcome> sign_in(const Credentials& credentials) override;
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override;
  Result<TokenGrant> refresh(const RefreshRequest& request) override;
  Result<void> revoke(const std::string& refresh_token) override;

 private:
  HttpResult post_json(const std::string& method, const std::string& path, const std::string& body);
  Result<SignInOutcome> sign_in_outcome(const std::string& call, HttpResult sent,
                                        const std::string& username);

  PartnerAuthenticatorOptions options_;
};

}  // namespace freshauth
