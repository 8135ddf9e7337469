#pragma once

#include <mutex>
#include <optional>
#include <stop_token>

#include "freshauth/core/clock.h"

namespace freshauth::testing {

// A ManualClock that tells when the one thread sleeping on it (a table's timer) has caught up
// with it. That thread sleeps only after handling everything due, so a sleep whose deadline is
// still ahead, and which nobody has woken to look at an earlier item, means everything due by
// now has been handled. Work that handling passed to other threads (refreshes on a pool) is the
// test's to wait for, after this.
class SleeperWatchingClock final : public Clock {
 public:
  TimePoint now() const noexcept override { return clock_.now(); }
  bool cheap_to_read() const noexcept override { return clock_.cheap_to_read(); }
  bool sleep_until(TimePoint deadline, std::stop_token stop) const override {
    {
      const std::lock_guard lock(mutex_);
      sleep_ = Sleep{deadline, stop};
    }
    const bool reached = clock_.sleep_until(deadline, stop);
    const std::lock_guard lock(mutex_);
    sleep_.reset();
    return reached;
  }

  void advance(Duration by) {
    const std::lock_guard lock(mutex_);
    clock_.advance(by);
  }
  bool caught_up() const {
    const std::lock_guard lock(mutex_);
    return sleep_ && sleep_->deadline > clock_.now() && !sleep_->wake.stop_requested();
  }

 private:
  struct Sleep {
    TimePoint deadline;
    std::stop_token wake;
  };
  ManualClock clock_;
  mutable std::mutex mutex_;
  mutable std::optional<Sleep> sleep_;
};

}  // namespace freshauth::testing
