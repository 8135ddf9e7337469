#pragma once

#include <condition_variable>
#include <mutex>

#include "freshauth/core/session_observer.h"

namespace freshauth::testing {

// Counts what the engine reports and lets a test wait, without sleeping, until work done on
// another thread (a background refresh, the refresher's tick) has happened.
class SessionEvents : public SessionObserver {
 public:
  void on_refreshed(const Session&) override { record(refreshed_); }
  void on_session_expired(const Error&) override { record(expired_); }

  void wait_for_refreshes(int count) {
    wait_until([&] { return refreshed_ >= count; });
  }
  // Refreshes and expiries together.
  void wait_for_events(int count) {
    wait_until([&] { return refreshed_ + expired_ >= count; });
  }

 private:
  void record(int& counter) {
    const std::lock_guard lock(mutex_);
    ++counter;
    changed_.notify_all();
  }
  template <class Done>
  void wait_until(Done done) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, done);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int refreshed_ = 0;
  int expired_ = 0;
};

}  // namespace freshauth::testing
