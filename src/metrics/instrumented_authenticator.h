#pragma once

#include <memory>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/metrics/counter.h"
#include "freshauth/metrics/histogram.h"

namespace freshauth::metrics {

// Where an InstrumentedAuthenticator counts; `owner` keeps them alive.
struct AuthenticatorMetrics {
  Histogram& refresh_seconds;
  Counter& sign_in_ok;
  Counter& sign_in_challenged;
  Counter& sign_in_failed;
  Counter& signed_out;
  std::shared_ptr<const void> owner;
};

// Times refresh() on the engine's clock (so a test's clock decides the latency) and counts
// sign-in answers and revocations, then forwards every call unchanged.
class InstrumentedAuthenticator final : public Authenticator {
 public:
  InstrumentedAuthenticator(std::shared_ptr<Authenticator> inner,
                            std::shared_ptr<const Clock> clock, AuthenticatorMetrics metrics);

  Result<SignInOutcome> sign_in(const Credentials& credentials) override;
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override;
  Result<TokenGrant> refresh(const RefreshRequest& request) override;
  Result<void> revoke(const std::string& refresh_token) override;

 private:
  Result<SignInOutcome> count(Result<SignInOutcome> outcome);

  std::shared_ptr<Authenticator> inner_;
  std::shared_ptr<const Clock> clock_;
  AuthenticatorMetrics metrics_;
};

}  // namespace freshauth::metrics
