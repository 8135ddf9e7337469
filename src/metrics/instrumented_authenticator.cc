#include "metrics/instrumented_authenticator.h"

#include <chrono>
#include <utility>

namespace freshauth::metrics {

InstrumentedAuthenticator::InstrumentedAuthenticator(std::shared_ptr<Authenticator> inner,
                                                     std::shared_ptr<const Clock> clock,
                                                     AuthenticatorMetrics metrics)
    : inner_(std::move(inner)),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()),
      metrics_(std::move(metrics)) {}

Result<SignInOutcome> InstrumentedAuthenticator::sign_in(const Credentials& credentials) {
  return count(inner_->sign_in(credentials));
}

Result<SignInOutcome> InstrumentedAuthenticator::respond_to_mfa(const MfaChallenge& challenge,
                                                                const std::string& code) {
  return count(inner_->respond_to_mfa(challenge, code));
}

Result<TokenGrant> InstrumentedAuthenticator::refresh(const RefreshRequest& request) {
  const TimePoint started = clock_->now();
  auto grant = inner_->refresh(request);
  const std::chrono::duration<double> took = clock_->now() - started;
  metrics_.refresh_seconds.observe(took.count());
  return grant;
}

Result<void> InstrumentedAuthenticator::revoke(const std::string& refresh_token) {
  metrics_.signed_out.inc();
  return inner_->revoke(refresh_token);
}

Result<SignInOutcome> InstrumentedAuthenticator::count(Result<SignInOutcome> outcome) {
  if (!outcome) {
    metrics_.sign_in_failed.inc();
  } else if (std::holds_alternative<MfaChallenge>(*outcome)) {
    metrics_.sign_in_challenged.inc();
  } else {
    metrics_.sign_in_ok.inc();
  }
  return outcome;
}

}  // namespace freshauth::metrics
