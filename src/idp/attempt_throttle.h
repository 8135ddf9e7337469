#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_policies.h"

namespace freshauth::idp {

// Counts failed attempts per key (a username) in a fixed window and refuses further attempts once
// the window's allowance is used up, so guessing a password or a code costs real time. In memory;
// bounded: keys whose window has ended are forgotten. Thread-safe.
class AttemptThrottle {
 public:
  AttemptThrottle(std::shared_ptr<const Clock> clock, ThrottlePolicy policy);

  // Errc::transient with retry_after while `key` may not try again.
  Result<void> check(const std::string& key);
  void failed(const std::string& key);
  void succeeded(const std::string& key);

 private:
  struct Failures {
    TimePoint window_start;
    int count = 0;
  };
  void forget_ended_windows(TimePoint now);

  std::shared_ptr<const Clock> clock_;
  ThrottlePolicy policy_;
  std::mutex mutex_;
  std::map<std::string, Failures> failures_;
};

}  // namespace freshauth::idp
