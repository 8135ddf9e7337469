#include "freshauth/core/clock.h"

#include <ctime>

namespace freshauth {

TimePoint SystemClock::now() const noexcept {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::seconds{ts.tv_sec} +
                                                        std::chrono::nanoseconds{ts.tv_nsec})};
}

bool SystemClock::sleep_until(TimePoint deadline, std::stop_token stop) const {
  std::mutex mutex;
  std::condition_variable_any never_notified;
  std::unique_lock lock(mutex);
  // The coarse clock trails the precise one by up to a tick: wait again until it agrees.
  while (now() < deadline) {
    if (never_notified.wait_until(lock, stop, deadline + std::chrono::milliseconds{5},
                                  [] { return false; })) {
      return true;  // unreachable: the predicate never holds
    }
    if (stop.stop_requested()) return false;
  }
  return true;
}

bool ManualClock::sleep_until(TimePoint deadline, std::stop_token stop) const {
  std::unique_lock lock(mutex_);
  return moved_.wait(lock, stop, [&] { return now() >= deadline; });
}

void ManualClock::advance(Duration by) {
  {
    const std::lock_guard lock(mutex_);
    now_.fetch_add(by.count(), std::memory_order_acq_rel);
  }
  moved_.notify_all();
}

void ManualClock::set(TimePoint to) {
  {
    const std::lock_guard lock(mutex_);
    now_.store(to.time_since_epoch().count(), std::memory_order_release);
  }
  moved_.notify_all();
}

}  // namespace freshauth
