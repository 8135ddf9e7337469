#pragma once

#include <signal.h>

#include <chrono>

namespace freshauth::cli {

// Blocks SIGINT and SIGTERM for this thread and the threads it starts afterwards, so that Ctrl-C
// ends the demo early but cleanly (summary printed, temporary database removed) instead of
// killing it. Restores the previous mask when destroyed.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Waits up to `timeout`; true once a stop signal has arrived (now or earlier).
  bool wait_for(std::chrono::milliseconds timeout);
  bool received() const { return received_; }

 private:
  sigset_t stop_set_{};
  sigset_t previous_{};
  bool received_ = false;
};

}  // namespace freshauth::cli
