#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "support/test_tokens.h"

namespace freshauth::testing {

// Mints tokens on the test's clock and answers refreshes from a script: queued errors first,
// then success. `hold()` makes refreshes block until `release()`, so a test can pile callers
// up behind one refresh.
class FakeAuthenticator : public Authenticator {
 public:
  explicit FakeAuthenticator(const Clock& clock,
                             std::chrono::seconds lifetime = std::chrono::hours{1})
      : clock_(clock), lifetime_(lifetime) {}

  std::optional<std::chrono::seconds> expires_in_override;  // what ExpiresIn says, if set
  bool omit_expires_in = false;
  bool rotate_refresh_token = false;
  std::chrono::seconds issuer_skew{0};  // issuer clock minus ours

  Result<SignInOutcome> sign_in(const Credentials& credentials) override {
    ++sign_ins;
    if (credentials.password != "correct horse") {
      return Error{Errc::invalid_credentials, "wrong username or password", {}};
    }
    if (challenge_next_sign_in) {
      challenge_next_sign_in = false;
      return SignInOutcome{MfaChallenge{"SOFTWARE_TOKEN_MFA", credentials.username, "chal-1"}};
    }
    TokenGrant grant = mint();
    grant.refresh_token = "refresh-" + std::to_string(++minted_refresh_tokens_);
    return SignInOutcome{grant};
  }

  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override {
    if (challenge.session != "chal-1" || code != "123456") {
      return Error{Errc::invalid_credentials, "wrong code", {}};
    }
    TokenGrant grant = mint();
    grant.refresh_token = "refresh-" + std::to_string(++minted_refresh_tokens_);
    return SignInOutcome{grant};
  }

  Result<TokenGrant> refresh(const RefreshRequest& request) override {
    ++refreshes;
    {
      std::unique_lock lock(mutex_);
      last_refresh_token_ = request.refresh_token;
      last_request_ = request;
      ++waiting_;
      entered_.notify_all();
      gate_.wait_for(lock, kDeadline, [this] { return !held_; });  // never holds a test forever
      --waiting_;
      if (!script_.empty()) {
        Error error = script_.front();
        script_.pop_front();
        return error;
      }
    }
    TokenGrant grant = mint();
    if (rotate_refresh_token) grant.refresh_token = "rotated-" + std::to_string(refreshes.load());
    return grant;
  }

  Result<void> revoke(const std::string& /*refresh_token*/) override {
    ++revocations;
    return {};
  }

  static constexpr std::chrono::seconds kDeadline{
      120};  // generous: a loaded machine is slow, not hung

  void fail_next(Error error) {
    const std::lock_guard lock(mutex_);
    script_.push_back(std::move(error));
  }
  void hold() {
    const std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      const std::lock_guard lock(mutex_);
      held_ = false;
    }
    gate_.notify_all();
  }
  // Blocks until a refresh is waiting at the gate; false when none came within the deadline.
  [[nodiscard]] bool wait_until_refresh_waiting() {
    std::unique_lock lock(mutex_);
    return entered_.wait_for(lock, kDeadline, [this] { return waiting_ > 0; });
  }
  std::string last_refresh_token() {
    const std::lock_guard lock(mutex_);
    return last_refresh_token_;
  }
  RefreshRequest last_request() {
    const std::lock_guard lock(mutex_);
    return last_request_;
  }

  std::atomic<int> refreshes{0};
  std::atomic<int> sign_ins{0};
  std::atomic<int> revocations{0};
  bool challenge_next_sign_in = false;

 private:
  TokenGrant mint() {
    TokenGrant grant;
    const TimePoint issued = clock_.now() + issuer_skew;
    grant.access_token = make_access_token(issued, lifetime_, std::to_string(++minted_));
    grant.id_token = grant.access_token;
    if (!omit_expires_in) grant.expires_in = expires_in_override.value_or(lifetime_);
    return grant;
  }

  const Clock& clock_;
  std::chrono::seconds lifetime_;
  std::atomic<int> minted_{0};
  int minted_refresh_tokens_ = 0;
  std::mutex mutex_;
  std::condition_variable gate_;
  std::condition_variable entered_;
  bool held_ = false;
  int waiting_ = 0;
  std::deque<Error> script_;
  std::string last_refresh_token_;
  RefreshRequest last_request_;
};

}  // namespace freshauth::testing
