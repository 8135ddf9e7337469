#pragma once

#include <future>
#include <thread>
#include <utility>

namespace freshauth::testing {

// Runs `work` on a detached thread of its own and returns its result's future, so that a test can
// wait for it with a deadline (wait_for) and fail, rather than hang, when a call it makes blocks
// for good. `work` must own what it uses: the thread may outlive a failed test's locals.
template <class Work>
auto off_thread(Work work) -> std::future<decltype(work())> {
  std::packaged_task<decltype(work())()> task(std::move(work));
  auto result = task.get_future();
  std::thread(std::move(task)).detach();
  return result;
}

}  // namespace freshauth::testing
