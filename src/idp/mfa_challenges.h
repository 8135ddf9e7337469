#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "idp/attempt_throttle.h"

namespace freshauth::idp {

struct PendingChallenge {
  std::string username;
  std::string client_id;
  TimePoint auth_time;  // when the password was checked
};

// Open MFA challenges (in memory: a restart asks users to sign in again), single use, short-lived,
// with per-session and per-user limits on wrong codes. Thread-safe.
class MfaChallenges {
 public:
  MfaChallenges(std::shared_ptr<const Clock> clock, MfaPolicy policy = {});

  std::string open(PendingChallenge challenge);
  // The challenge, if `session` is open for `username`; Errc::invalid_credentials when not,
  // Errc::transient (with retry_after) while the user is throttled.
  Result<PendingChallenge> find(const std::string& username, const std::string& session);
  // Errc::transient (with retry_after) while the user has used up the wrong codes allowed.
  Result<void> check_user(const std::string& username);
  // Closes the session; false when another request closed it first (it is single-use).
  bool close(const std::string& session);
  // `session` empty: a code typed into the login form, which counts against the user only.
  void wrong_code(const std::string& username, const std::string& session);
  // False for a TOTP time step already used by this user: a code works once.
  bool claim_step(const std::string& username, std::int64_t step);

 private:
  struct Open {
    PendingChallenge challenge;
    TimePoint expires_at;
    int wrong_codes = 0;
  };
  void forget_expired(TimePoint now);

  std::shared_ptr<const Clock> clock_;
  MfaPolicy policy_;
  std::mutex mutex_;
  std::map<std::string, Open> sessions_;
  std::map<std::string, std::int64_t> last_step_;
  AttemptThrottle wrong_codes_;  // per user, across sessions
};

}  // namespace freshauth::idp
