#pragma once

#include <atomic>
#include <chrono>

namespace freshauth {

// Wall-clock time: token expiry (`exp`, `iat`) is wall-clock, and it keeps counting across a
// suspended laptop where a monotonic clock would not.
using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const noexcept = 0;
};

// Reads CLOCK_REALTIME_COARSE: a few milliseconds of resolution for a quarter of the cost of the
// precise clock, which matters on the ensure_fresh() fast path; expiry decisions work in seconds.
class SystemClock final : public Clock {
 public:
  TimePoint now() const noexcept override;
};

// Time that moves only when told to; thread-safe so concurrent tests can share it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::seconds{1'700'000'000}})
      : now_(start.time_since_epoch().count()) {}

  TimePoint now() const noexcept override {
    return TimePoint{Duration{now_.load(std::memory_order_acquire)}};
  }
  void advance(Duration by) noexcept { now_.fetch_add(by.count(), std::memory_order_acq_rel); }
  void set(TimePoint to) noexcept {
    now_.store(to.time_since_epoch().count(), std::memory_order_release);
  }

 private:
  std::atomic<Duration::rep> now_;
};

// Seconds since the Unix epoch, as JWT claims count them.
inline std::chrono::seconds to_epoch_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch());
}
inline TimePoint from_epoch_seconds(std::chrono::seconds s) { return TimePoint{s}; }

}  // namespace freshauth
