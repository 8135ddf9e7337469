#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "freshauth/core/error.h"

namespace freshauth::cli {

// The real demo: the embedded idp, the library, many threads, wall-clock time.
struct DemoOptions {
  int threads = 64;
  std::chrono::seconds duration{90};
  std::chrono::seconds token_lifetime{20};
  std::chrono::milliseconds interval{20};  // pause between one thread's requests
  bool faults = false;
  std::chrono::seconds expires_in_overstatement{0};
  bool compare = false;
  bool json = false;
  std::optional<std::uint64_t> seed;  // faults and backoff jitter; default: random
};

// With --faults and no --overstate-expires-in, the server also lies about ExpiresIn by this much.
inline constexpr std::chrono::seconds kFaultsOverstatement{3600};

// `freshauth demo` as typed: unset options take DemoOptions' defaults. (The in-process simulation
// in simulated time is bench/demo/simulated_demo, not part of the command.)
struct DemoCommandLine {
  std::optional<int> threads;
  std::optional<int> token_lifetime;
  std::optional<std::uint64_t> seed;
  bool json = false;
  std::optional<int> duration;
  std::optional<int> interval_ms;
  std::optional<int> overstate_expires_in;
  bool faults = false;
  bool compare = false;
};

// Errc::invalid_argument with a message that names the option and what is allowed.
Result<DemoOptions> resolve_demo_options(const DemoCommandLine& line);

}  // namespace freshauth::cli
