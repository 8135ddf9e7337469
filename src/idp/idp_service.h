#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "freshauth/core/clock.h"
#include "idp/access_token_verifier.h"
#include "idp/attempt_throttle.h"
#include "idp/authorization_codes.h"
#include "idp/idp_storage.h"
#include "idp/mfa_challenges.h"
#include "idp/token_minter.h"

namespace freshauth::idp {

struct MfaRequired {
  std::string session;
};
using SignInAnswer = std::variant<IssuedTokens, MfaRequired>;

struct IdpServiceOptions {
  MfaPolicy mfa;
  ThrottlePolicy wrong_passwords;  // per username: partner API, JSON API and login form alike
  // Dev and tests only: ExpiresIn says tokens live this much longer than they do (TokenMinter).
  std::chrono::seconds expires_in_overstatement{0};
};

// What the partner API does, without HTTP. Errors: invalid_credentials (wrong password, code or
// session), session_expired (refresh token unknown, revoked or expired), transient with
// retry_after (too many wrong passwords or codes), storage, invalid_argument (no app client
// configured).
class IdpService {
 public:
  IdpService(IdpStorage storage, std::shared_ptr<const Clock> clock, std::string issuer,
             IdpServiceOptions options = {});

  // `client_id` empty: the partner client. An unknown client is invalid_argument.
  Result<SignInAnswer> sign_in(const std::string& username, const std::string& password,
                               const std::string& client_id = {});
  Result<IssuedTokens> answer_mfa(const std::string& username, const std::string& session,
                                  const std::string& code);
  // `client_id` non-empty: the token must have been issued to that client.
  Result<IssuedTokens> refresh(const std::string& refresh_token,
                               const std::optional<std::string>& device_key,
                               const std::string& client_id = {});
  void logout(const std::string& refresh_token);
  // OAuth 2.0 authorization code flow. `authorize` checks the password (and, for TOTP users, the
  // code: mfa_required when it is empty) and returns a code bound to `request`; the caller has
  // checked the client and redirect URI. `redeem_code` is invalid_credentials for an unknown,
  // used or expired code, another client or redirect URI, or a verifier that does not match.
  Result<std::string> authorize(const AuthorizationGrant& request, const std::string& password,
                                const std::string& totp_code);
  Result<IssuedTokens> redeem_code(const std::string& client_id, const std::string& code,
                                   const std::string& code_verifier,
                                   const std::string& redirect_uri);
  // Revokes the refresh token if it was issued to `client_id` (RFC 7009: silent otherwise).
  void revoke(const std::string& refresh_token, const std::string& client_id);
  // Revokes every refresh token of the user; how many there were.
  int global_sign_out(const std::string& username);

  // An access token this server issued to any registered client, still valid now.
  VerifyResult verify_access_token(std::string_view token);
  // The user an access token speaks for, as Cognito's GetUser checks it: a valid access token
  // (invalid_credentials otherwise) whose session (origin_jti) has not been revoked
  // (session_expired), of a user that still exists (invalid_argument).
  Result<User> user_of_access_token(std::string_view token);

  nlohmann::json jwks() const;
  nlohmann::json openid_configuration() const;
  const std::string& issuer() const { return minter_.issuer(); }
  const IdpStorage& storage() const { return storage_; }
  const Clock& clock() const { return *clock_; }

 private:
  Result<IssuedTokens> issue_with_refresh_token(const User& user, const AppClient& client,
                                                TimePoint auth_time, const std::string& nonce = {});
  Result<User> check_password(const std::string& username, const std::string& password);
  void pick_up_key_rotation(TimePoint now) const;

  IdpStorage storage_;
  std::shared_ptr<const Clock> clock_;
  TokenMinter minter_;
  MfaChallenges challenges_;
  AttemptThrottle wrong_passwords_;
  AccessTokenVerifier access_tokens_;
  AuthorizationCodes codes_;
};

}  // namespace freshauth::idp
