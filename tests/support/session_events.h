#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "freshauth/core/session_observer.h"

namespace freshauth::testing {

// Counts what the engine reports and lets a test wait, without sleeping, until work done on
// another thread (a background refresh, the refresher's tick) has happened. The waits give up
// after kDeadline and say so: a test asserts on them instead of hanging.
class SessionEvents : public SessionObserver {
 public:
  static constexpr std::chrono::seconds kDeadline{60};

  void on_refreshed(const Session&) override { record(refreshed_); }
  void on_session_expired(const Error&) override { record(expired_); }

  [[nodiscard]] bool wait_for_refreshes(int count) {
    return wait_until([&] { return refreshed_ >= count; });
  }
  // Refreshes and expiries together.
  [[nodiscard]] bool wait_for_events(int count) {
    return wait_until([&] { return refreshed_ + expired_ >= count; });
  }

 private:
  void record(int& counter) {
    const std::lock_guard lock(mutex_);
    ++counter;
    changed_.notify_all();
  }
  template <class Done>
  bool wait_until(Done done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, done);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int refreshed_ = 0;
  int expired_ = 0;
};

}  // namespace freshauth::testing
