#pragma once

#include <memory>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/log_sink.h"

namespace freshauth {

/// Wraps the authenticator an engine is built with and logs what an observer cannot see:
/// sign-in answers and sign-outs (revocations). Refreshes are left to LoggingObserver. Tokens
/// appear only as fingerprints.
class LoggingAuthenticator final : public Authenticator {
 public:
  LoggingAuthenticator(std::shared_ptr<Authenticator> inner, LogSink sink);

  Result<SignInOutcome> sign_in(const Credentials& credentials) override;
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override;
  Result<TokenGrant> refresh(const RefreshRequest& request) override;
  Result<void> revoke(const std::string& refresh_token) override;

 private:
  Result<SignInOutcome> log_sign_in(Result<SignInOutcome> outcome);

  std::shared_ptr<Authenticator> inner_;
  LogSink sink_;
};

}  // namespace freshauth
