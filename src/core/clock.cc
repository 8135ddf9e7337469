#include "freshauth/core/clock.h"

#include <ctime>

namespace freshauth {

TimePoint SystemClock::now() const noexcept {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::seconds{ts.tv_sec} +
                                                        std::chrono::nanoseconds{ts.tv_nsec})};
}

}  // namespace freshauth
