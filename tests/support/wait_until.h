#pragma once

#include <chrono>
#include <thread>

namespace freshauth::testing {

// Yields until `done()` holds, for progress on other threads that offers nothing to block on (a
// tick counter, threads reaching a line). Gives up after `limit` and returns false, so a regression
// fails its test instead of hanging the suite.
template <class Predicate>
[[nodiscard]] bool wait_until(Predicate done,
                              std::chrono::seconds limit = std::chrono::seconds{60}) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

}  // namespace freshauth::testing
