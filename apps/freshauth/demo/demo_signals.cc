#include "demo/demo_signals.h"

#include <pthread.h>

namespace freshauth::cli {

StopSignals::StopSignals() {
  sigemptyset(&stop_set_);
  sigaddset(&stop_set_, SIGINT);
  sigaddset(&stop_set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set_, &previous_);
}

StopSignals::~StopSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

bool StopSignals::wait_for(std::chrono::milliseconds timeout) {
  if (received_) return true;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec wait{static_cast<time_t>(seconds.count()),
                      static_cast<long>((timeout - seconds).count() * 1'000'000)};
  const int signal = sigtimedwait(&stop_set_, nullptr, &wait);
  if (signal == SIGINT || signal == SIGTERM) received_ = true;
  return received_;
}

}  // namespace freshauth::cli
