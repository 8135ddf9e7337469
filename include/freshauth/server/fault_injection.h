#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/server/router.h"

namespace freshauth::server {

/// What goes wrong on purpose at one endpoint, so clients can be shown absorbing failures.
struct FaultSpec {
  std::chrono::milliseconds latency{0};  ///< added before answering (blocks a worker thread)
  int error_status = 503;
  double error_rate = 0;      ///< share of requests answered with error_status
  double drop_rate = 0;       ///< share of connections closed without an answer
  double malformed_rate = 0;  ///< share answered 200 with a truncated JSON body
  /// Sent as Retry-After with the injected errors, as a throttling server would.
  std::optional<std::chrono::seconds> retry_after;

  bool any() const;
  std::string describe() const;
};

/// "PATH key=value...": e.g. "/auth/refresh_token latency=200 error=503@0.1 retry_after=1
/// drop=0.05 malformed=0.1". Latency in milliseconds, retry_after in seconds, rates in 0..1.
struct FaultRule {
  std::string path;
  FaultSpec spec;
};
Result<FaultRule> parse_fault_rule(std::string_view text);

/// Faults by path; off (empty) unless rules are added. Thread-safe.
class FaultPlan {
 public:
  explicit FaultPlan(std::uint64_t seed = std::random_device{}());
  void add(const FaultRule& rule);
  bool empty() const { return rules_.empty(); }
  /// `handler` unchanged when the path has no rule. The wrapped handler shares ownership of what
  /// it needs, so it may outlive this plan (servers often outlive the object that configured them).
  Handler wrap(const std::string& path, Handler handler);
  /// Wraps every route of `router` (call it once all routes are added). invalid_argument, and
  /// nothing wrapped, when a rule names a path the router does not serve: a rule that would never
  /// fire is a mistake to report at startup, not to announce and ignore.
  Result<void> apply_to(Router& router);

 private:
  struct Dice {
    std::mutex mutex;
    std::mt19937_64 random;
    double draw();
  };
  std::map<std::string, FaultSpec> rules_;
  std::shared_ptr<Dice> dice_;
};

}  // namespace freshauth::server
