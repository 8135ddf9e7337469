#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace freshauth {

/// Wall-clock time: token expiry (`exp`, `iat`) is wall-clock, and it keeps counting across a
/// suspended laptop where a monotonic clock would not.
using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const noexcept = 0;
  /// Blocks until now() >= deadline (true) or until `stop` is requested (false). Timers in the
  /// library wait through this, so a test clock can move time without anybody sleeping.
  virtual bool sleep_until(TimePoint deadline, std::stop_token stop) const = 0;
  /// True when now() costs about as much as an atomic load. Hot paths read such clocks on every
  /// call and otherwise rely on timers (see SessionEngine).
  virtual bool cheap_to_read() const noexcept { return false; }
};

/// Reads CLOCK_REALTIME_COARSE: a few milliseconds of resolution for a quarter of the cost of the
/// precise clock; expiry decisions work in seconds.
class SystemClock final : public Clock {
 public:
  TimePoint now() const noexcept override;
  bool sleep_until(TimePoint deadline, std::stop_token stop) const override;
};

/// Time that moves only when told to; thread-safe so concurrent tests can share it. Sleepers wake
/// when advance() or set() reaches their deadline.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::seconds{1'700'000'000}},
                       bool cheap_to_read = true)
      : now_(start.time_since_epoch().count()), cheap_(cheap_to_read) {}

  TimePoint now() const noexcept override {
    return TimePoint{Duration{now_.load(std::memory_order_acquire)}};
  }
  bool sleep_until(TimePoint deadline, std::stop_token stop) const override;
  bool cheap_to_read() const noexcept override { return cheap_; }

  void advance(Duration by);
  void set(TimePoint to);

 private:
  std::atomic<Duration::rep> now_;
  const bool cheap_;
  mutable std::mutex mutex_;
  mutable std::condition_variable_any moved_;
};

/// Seconds since the Unix epoch, as JWT claims count them.
inline std::chrono::seconds to_epoch_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch());
}
inline TimePoint from_epoch_seconds(std::chrono::seconds s) { return TimePoint{s}; }

}  // namespace freshauth
