#include "freshauth/logging/logging_authenticator.h"

#include <string>
#include <utility>

#include "freshauth/security/fingerprint.h"

namespace freshauth {

LoggingAuthenticator::LoggingAuthenticator(std::shared_ptr<Authenticator> inner, LogSink sink)
    : inner_(std::move(inner)), sink_(std::move(sink)) {}

Result<SignInOutcome> LoggingAuthenticator::sign_in(const Credentials& credentials) {
  return log_sign_in(inner_->sign_in(credentials));
}

Result<SignInOutcome> LoggingAuthenticator::respond_to_mfa(const MfaChallenge& challenge,
                                                           const std::string& code) {
  return log_sign_in(inner_->respond_to_mfa(challenge, code));
}

Result<TokenGrant> LoggingAuthenticator::refresh(const RefreshRequest& request) {
  return inner_->refresh(request);
}

Result<void> LoggingAuthenticator::revoke(const std::string& refresh_token) {
  auto revoked = inner_->revoke(refresh_token);
  if (revoked) {
    sink_(LogLevel::info, "signed out: refresh token " + fingerprint(refresh_token) + " revoked");
  } else {
    sink_(LogLevel::warning, "sign-out: revoking refresh token " + fingerprint(refresh_token) +
                                 " failed: " + revoked.error().describe());
  }
  return revoked;
}

Result<SignInOutcome> LoggingAuthenticator::log_sign_in(Result<SignInOutcome> outcome) {
  if (!outcome) {
    sink_(LogLevel::warning, "sign-in failed: " + outcome.error().describe());
  } else if (const auto* challenge = std::get_if<MfaChallenge>(&*outcome)) {
    sink_(LogLevel::info, "sign-in needs a second factor: " + challenge->name);
  } else {
    const auto& grant = std::get<TokenGrant>(*outcome);
    sink_(LogLevel::info,
          "signed in: access token " + fingerprint(grant.access_token) +
              (grant.refresh_token ? ", refresh token " + fingerprint(*grant.refresh_token)
                                   : std::string{}));
  }
  return outcome;
}

}  // namespace freshauth
