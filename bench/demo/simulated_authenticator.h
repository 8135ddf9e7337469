#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"

namespace freshauth::cli {

// Stands in for the partner API in the simulated demo: mints JWT-shaped tokens on the simulated
// clock, takes a little real time per call, and fails transiently at a given rate.
class SimulatedAuthenticator final : public Authenticator {
 public:
  struct Options {
    std::chrono::seconds token_lifetime{60};
    double transient_failure_rate = 0.2;
    std::chrono::milliseconds latency{20};
    std::uint64_t seed = 1;
  };
  SimulatedAuthenticator(const Clock& clock, Options options);

  Result<SignInOutcome> sign_in(const Credentials& credentials) override;
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override;
  Result<TokenGrant> refresh(const RefreshRequest& request) override;
  Result<void> revoke(const std::string& refresh_token) override;

  int refresh_calls() const { return refresh_calls_.load(); }
  int transient_failures() const { return transient_failures_.load(); }

 private:
  TokenGrant mint();
  bool roll_failure();

  const Clock& clock_;
  Options options_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
  std::atomic<int> minted_{0};
  std::atomic<int> refresh_calls_{0};
  std::atomic<int> transient_failures_{0};
};

}  // namespace freshauth::cli
