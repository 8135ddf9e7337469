#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_set>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "support/test_tokens.h"

namespace freshauth::testing {

// An OAuth2 server double shared by every replica of a test: each refresh token works once and
// is replaced by a new one (rotation); a token presented again is refused as invalid_grant and
// counted, which a fleet must never cause. pause_next_after_issue() holds the next refresh after
// the server has answered, as a replica paused between the answer and its save would be.
class RotatingIdp : public Authenticator {
 public:
  explicit RotatingIdp(const Clock& clock, std::chrono::seconds lifetime, bool rotate = true)
      : clock_(clock), lifetime_(lifetime), rotate_(rotate) {}

  TokenGrant sign_in_grant() {
    const std::lock_guard lock(mutex_);
    TokenGrant grant = mint_locked();
    grant.refresh_token = "rt-" + std::to_string(++issued_);
    valid_.insert(*grant.refresh_token);
    return grant;
  }

  Result<SignInOutcome> sign_in(const Credentials& /*credentials*/) override {
    return SignInOutcome{sign_in_grant()};
  }
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& /*challenge*/,
                                       const std::string& /*code*/) override {
    return Error{Errc::invalid_credentials, "no MFA here", {}};
  }

  Result<TokenGrant> refresh(const RefreshRequest& request) override {
    std::unique_lock lock(mutex_);
    ++refreshes;
    if (!valid_.contains(request.refresh_token)) {
      ++reused;
      return Error{Errc::session_expired, "invalid_grant: the refresh token was already used", {}};
    }
    TokenGrant grant = mint_locked();
    if (rotate_) {
      valid_.erase(request.refresh_token);
      grant.refresh_token = "rt-" + std::to_string(++issued_);
      valid_.insert(*grant.refresh_token);
    }
    if (pause_next_) {
      pause_next_ = false;
      paused_ = true;
      changed_.notify_all();
      changed_.wait_for(lock, std::chrono::seconds{120}, [this] { return !paused_; });
    }
    return grant;
  }

  Result<void> revoke(const std::string& refresh_token) override {
    const std::lock_guard lock(mutex_);
    valid_.erase(refresh_token);
    return {};
  }

  void pause_next_after_issue() {
    const std::lock_guard lock(mutex_);
    pause_next_ = true;
  }
  [[nodiscard]] bool wait_until_paused() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds{120}, [this] { return paused_; });
  }
  void resume() {
    {
      const std::lock_guard lock(mutex_);
      paused_ = false;
    }
    changed_.notify_all();
  }

  std::atomic<int> refreshes{0};
  std::atomic<int> reused{0};

 private:
  TokenGrant mint_locked() {
    TokenGrant grant;
    grant.access_token = make_access_token(clock_.now(), lifetime_, std::to_string(++minted_));
    grant.id_token = grant.access_token;
    grant.expires_in = lifetime_;
    return grant;
  }

  const Clock& clock_;
  std::chrono::seconds lifetime_;
  bool rotate_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::unordered_set<std::string> valid_;
  int issued_ = 0;
  int minted_ = 0;
  bool pause_next_ = false;
  bool paused_ = false;
};

}  // namespace freshauth::testing
