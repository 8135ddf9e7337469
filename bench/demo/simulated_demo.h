#pragma once

#include <chrono>
#include <cstdint>

namespace freshauth::cli {

struct SimulatedDemoOptions {
  int threads = 1000;
  int lifetimes = 5;
  int token_lifetime_seconds = 60;
  double transient_failure_rate = 0.2;
  double speed = 30.0;  // simulated seconds per real second
  std::chrono::milliseconds request_interval{5};
  std::uint64_t seed = 1;
  bool json = false;
};

// Drives the session engine from many threads across several token lifetimes in simulated time.
// Exit code: 0 when no caller was ever handed an expired token, 1 otherwise.
int run_simulated_demo(const SimulatedDemoOptions& options);

}  // namespace freshauth::cli
