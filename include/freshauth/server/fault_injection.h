#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/server/router.h"
#include "freshauth/server/scripted_reply.h"

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

class CallScript;

/// What goes wrong on purpose, by path: rules (`--fault`, random at their rates) and, for tests,
/// scripted replies (exactly the next call, or every call, answered as told) with the calls each
/// route received. Off unless rules are added or scripting is enabled. Thread-safe; copies share
/// the script, so a server's plan can be scripted after the server started.
class FaultPlan {
 public:
  explicit FaultPlan(std::uint64_t seed = std::random_device{}());
  void add(const FaultRule& rule);
  bool empty() const { return rules_.empty() && !script_; }
  /// `handler` unchanged when the path has no rule and scripting is off. The wrapped handler
  /// shares ownership of what it needs, so it may outlive this plan (servers often outlive the
  /// object that configured them).
  Handler wrap(const std::string& path, Handler handler);
  /// Wraps every route of `router` (call it once all routes are added). invalid_argument, and
  /// nothing wrapped, when a rule names a path the router does not serve: a rule that would never
  /// fire is a mistake to report at startup, not to announce and ignore.
  Result<void> apply_to(Router& router);

  /// Tests: every route records its calls and answers scripted replies. Before wrap / apply_to.
  void enable_scripting();
  /// Queues `reply` for the next call to `path`; queued replies are used in order, then the
  /// sticky one, then the route's rule and handler. Throws invalid_argument when scripting is off
  /// or no route serves `path`.
  void script(const std::string& path, ScriptedReply reply);
  /// Answers every call to `path` with `reply` once the queue is empty.
  void script_always(const std::string& path, ScriptedReply reply);
  int calls(const std::string& path) const;
  std::vector<RecordedCall> recorded(const std::string& path) const;
  /// Waits until `path` has received `count` calls; false when `deadline` passed first.
  bool wait_for_calls(const std::string& path, int count,
                      std::chrono::milliseconds deadline = std::chrono::seconds{10}) const;
  /// Opens every gate a scripted reply named, so no call stays held (a test's teardown).
  void open_gates();

 private:
  struct Dice {
    std::mutex mutex;
    std::mt19937_64 random;
    double draw();
  };
  Handler with_rule(const std::string& path, Handler handler) const;
  CallScript& scripted() const;

  std::map<std::string, FaultSpec> rules_;
  std::shared_ptr<Dice> dice_;
  std::shared_ptr<CallScript> script_;  ///< null unless scripting is enabled
};

}  // namespace freshauth::server
