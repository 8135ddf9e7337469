#pragma once

#include <chrono>

#include "freshauth/core/session_table.h"
#include "support/sleeper_watching_clock.h"
#include "support/wait_until.h"

namespace freshauth::testing {

// Moves the clock and waits until `table` has handled everything due by then: its timer asleep
// with nothing due, and the refreshes it started finished. False if that never came.
[[nodiscard]] inline bool advance_and_settle(SleeperWatchingClock& clock, const SessionTable& table,
                                             Duration by) {
  clock.advance(by);
  return wait_until([&] { return clock.caught_up() && table.refreshes_in_flight() == 0; });
}

// A second at a time, as a timer that keeps up sees it: no refresh-ahead is ever found late.
[[nodiscard]] inline bool run_second_by_second(SleeperWatchingClock& clock,
                                               const SessionTable& table, Duration span) {
  for (Duration passed{}; passed < span; passed += std::chrono::seconds{1}) {
    if (!advance_and_settle(clock, table, std::chrono::seconds{1})) return false;
  }
  return true;
}

}  // namespace freshauth::testing
