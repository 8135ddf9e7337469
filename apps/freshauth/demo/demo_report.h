#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "demo/demo_latency.h"
#include "demo/demo_options.h"
#include "common/digit_grouping.h"
#include "freshauth/core/refresh_policy.h"

namespace freshauth::cli {

struct LatencySummary {
  std::uint64_t requests = 0;
  std::chrono::microseconds p50{0}, p99{0}, max{0};

  static LatencySummary of(const LatencyHistogram& histogram);
};

// What one run of the load did. Latencies are of successful requests.
struct RunSummary {
  std::string engine;  // "improved" or "naive"
  RefreshPolicy policy;
  bool interrupted = false;
  double elapsed_seconds = 0;
  std::chrono::seconds token_lifetime{0};
  std::uint64_t requests_ok = 0;
  std::uint64_t rejected_401 = 0;  // the API refused the token: it had expired
  std::uint64_t signed_out = 0;    // no session to send: a 401 had ended it
  std::uint64_t other_failures = 0;
  std::uint64_t forced_sign_ins = 0;  // the user, logged out, had to sign in again
  std::uint64_t refresh_calls = 0;
  std::uint64_t failed_refresh_calls = 0;
  std::uint64_t final_generation = 0;
  LatencySummary all;
  LatencySummary refresh_window;  // requests issued while the session was in its refresh window

  std::uint64_t requests_failed() const { return rejected_401 + signed_out + other_failures; }
  double lifetimes_elapsed() const;
};

// What the live progress line shows, read while the load runs.
struct LiveCounts {
  std::string engine;
  double elapsed_seconds = 0;
  double duration_seconds = 0;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  std::uint64_t refresh_calls = 0;
  std::uint64_t failed_refresh_calls = 0;
  std::uint64_t generation = 0;
  double expires_in_seconds = 0;  // of the current session; negative once past
};

// "0.41 ms", "12.3 ms", "250 ms"; "-" when nothing was measured.
std::string format_millis(std::chrono::microseconds value, std::uint64_t samples);
std::string progress_status(const LiveCounts& counts);

nlohmann::ordered_json to_json(const RunSummary& run);
nlohmann::ordered_json to_json(const DemoOptions& options, const std::vector<RunSummary>& runs);
// One column per run, rows aligned: the final table of `freshauth demo`.
std::string format_table(const std::vector<RunSummary>& runs);

}  // namespace freshauth::cli
