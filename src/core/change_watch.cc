#include "freshauth/core/change_watch.h"

#include <algorithm>
#include <thread>

namespace freshauth {
namespace {

class PollingWatch final : public ChangeWatch {
 public:
  explicit PollingWatch(std::chrono::milliseconds poll) : poll_(poll) {}
  bool wait(Deadline until) override {
    std::this_thread::sleep_until(std::min(until, std::chrono::steady_clock::now() + poll_));
    return false;
  }

 private:
  std::chrono::milliseconds poll_;
};

}  // namespace

std::unique_ptr<ChangeWatch> polling_watch(std::chrono::milliseconds poll) {
  return std::make_unique<PollingWatch>(poll);
}

}  // namespace freshauth
