#include "demo/demo_load.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

#include "demo/demo_server.h"
#include "demo/demo_session_tracker.h"
#include "demo/demo_sign_in_gate.h"
#include "freshauth/client/client.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/providers/partner_authenticator.h"
#include "common/progress_bar.h"

namespace freshauth::cli {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr const char* kPartnerId = "demo-partner";
constexpr std::chrono::milliseconds kProgressTick{250};

// Written by one load thread, summed by the progress line and after the run. The counters are
// atomics only so that the progress line may read them while they move.
struct alignas(64) WorkerStats {
  std::atomic<std::uint64_t> ok{0};
  std::atomic<std::uint64_t> failed{0};
  std::uint64_t rejected_401 = 0;
  std::uint64_t signed_out = 0;
  std::uint64_t other = 0;
  LatencyHistogram all;
  LatencyHistogram refresh_window;
};

void bump(std::atomic<std::uint64_t>& counter) {
  counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

struct Load {
  Client& client;
  const SessionTracker& tracker;
  SignInGate& gate;
  const std::atomic<bool>& stop;
  std::chrono::milliseconds interval;
};

void count_failure(const Result<ApiResponse>& response, WorkerStats& stats, SignInGate& gate) {
  bump(stats.failed);
  if (response) {
    ++stats.other;  // 200 with somebody else's answer
    return;
  }
  const Error& error = response.error();
  if (error.http_status == 401) {
    ++stats.rejected_401;
  } else if (error.code == Errc::session_expired || error.code == Errc::not_signed_in) {
    ++stats.signed_out;
  } else {
    ++stats.other;
    return;
  }
  gate.sign_in_again();
}

void run_worker(const Load& load, WorkerStats& stats) {
  while (!load.stop.load(std::memory_order_relaxed)) {
    const bool in_window = load.tracker.in_refresh_window(SystemClock{}.now());
    const auto started = SteadyClock::now();
    auto response = load.client.try_request("GET", "/api/user");
    const auto latency = SteadyClock::now() - started;
    if (response && response->body.find(kPartnerId) != std::string::npos) {
      bump(stats.ok);
      stats.all.record(latency);
      if (in_window) stats.refresh_window.record(latency);
    } else {
      count_failure(response, stats, load.gate);
    }
    if (load.interval.count() > 0) std::this_thread::sleep_for(load.interval);
  }
}

LiveCounts live_counts(EngineMode mode, const std::vector<WorkerStats>& stats,
                       const SessionTracker& tracker, double elapsed, double duration) {
  LiveCounts counts{name_of(mode), elapsed, duration};
  for (const auto& each : stats) {
    counts.ok += each.ok.load(std::memory_order_relaxed);
    counts.failed += each.failed.load(std::memory_order_relaxed);
  }
  counts.refresh_calls = tracker.refresh_calls();
  counts.failed_refresh_calls = tracker.failed_refreshes();
  counts.generation = tracker.generation();
  counts.expires_in_seconds =
      std::chrono::duration<double>(tracker.expires_at() - SystemClock{}.now()).count();
  return counts;
}

std::shared_ptr<CurlTransport> transport_for(int connections) {
  CurlTransportOptions options;
  options.max_idle_connections = static_cast<std::size_t>(connections);
  return std::make_shared<CurlTransport>(options);
}

struct Watched {
  EngineMode mode;
  std::chrono::seconds duration;
  const std::vector<WorkerStats>& stats;
  const SessionTracker& tracker;
  SteadyClock::time_point started;
};

// Redraws the progress line until the run's time is up; true when a stop signal cut it short.
bool watch(const Watched& run, StopSignals& signals) {
  ProgressBar progress{stderr};
  const auto deadline = run.started + run.duration;
  const double duration = std::chrono::duration<double>(run.duration).count();
  const auto status = [&run, duration] {
    const double elapsed = std::chrono::duration<double>(SteadyClock::now() - run.started).count();
    return std::pair{elapsed / duration, progress_status(live_counts(
                                             run.mode, run.stats, run.tracker, elapsed, duration))};
  };
  bool interrupted = false;
  for (auto now = SteadyClock::now(); now < deadline; now = SteadyClock::now()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (signals.wait_for(std::min(kProgressTick, left + std::chrono::milliseconds{1}))) {
      interrupted = true;
      break;
    }
    const auto [fraction, line] = status();
    progress.update(fraction, line);
  }
  progress.finish(status().second + (interrupted ? "  (interrupted)" : ""));
  return interrupted;
}

// The threads' counters and histograms, merged once they have stopped.
RunSummary summarize(const std::vector<WorkerStats>& stats) {
  RunSummary summary;
  LatencyHistogram all;
  LatencyHistogram refresh_window;
  for (const auto& each : stats) {
    summary.requests_ok += each.ok.load(std::memory_order_relaxed);
    summary.rejected_401 += each.rejected_401;
    summary.signed_out += each.signed_out;
    summary.other_failures += each.other;
    all.merge(each.all);
    refresh_window.merge(each.refresh_window);
  }
  summary.all = LatencySummary::of(all);
  summary.refresh_window = LatencySummary::of(refresh_window);
  return summary;
}

}  // namespace

RefreshPolicy policy_for(EngineMode mode) {
  RefreshPolicy policy;
  if (mode == EngineMode::naive) {
    policy.max_threshold_fraction = 1.0;
    policy.serve_current_in_soft_window = false;
    policy.trust_token_claims = false;
  }
  return policy;
}

const char* name_of(EngineMode mode) { return mode == EngineMode::improved ? "improved" : "naive"; }

Result<RunSummary> run_load(EngineMode mode, const DemoOptions& options, StopSignals& signals) {
  auto server = DemoServer::start(
      {options.token_lifetime, options.faults, options.expires_in_overstatement, options.seed, {}});
  if (!server) return server.error();
  const std::string base_url = (*server)->base_url();

  const RefreshPolicy policy = policy_for(mode);
  auto tracker = std::make_shared<SessionTracker>(policy);
  SessionEngineOptions engine_options;
  engine_options.policy = policy;
  engine_options.observers = {tracker};
  engine_options.random_seed = options.seed;
  SessionEngine engine{std::make_shared<PartnerAuthenticator>(
                           PartnerAuthenticatorOptions{base_url, false, transport_for(4)}),
                       engine_options};
  Client client{engine, {base_url, transport_for(options.threads)}};
  SignInGate gate{engine, *tracker, (*server)->credentials(), {kPartnerId, {}, {}}};
  if (auto signed_in = gate.sign_in(); !signed_in) return signed_in.error();
  std::cerr << fmt::format(
      "{} engine: idp at {}, user {} signed in (partner id {}); {} threads "
      "for {} s\n",
      name_of(mode), base_url, (*server)->credentials().username, kPartnerId, options.threads,
      options.duration.count());

  std::atomic<bool> stop{false};
  std::vector<WorkerStats> stats(static_cast<std::size_t>(options.threads));
  const Load load{client, *tracker, gate, stop, options.interval};
  const auto started = SteadyClock::now();
  std::vector<std::jthread> workers;
  workers.reserve(stats.size());
  for (auto& each : stats) workers.emplace_back([&load, &each] { run_worker(load, each); });
  const bool interrupted = watch({mode, options.duration, stats, *tracker, started}, signals);
  stop = true;
  workers.clear();

  RunSummary summary = summarize(stats);
  summary.engine = name_of(mode);
  summary.policy = policy;
  summary.interrupted = interrupted;
  summary.elapsed_seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  summary.token_lifetime = options.token_lifetime;
  summary.forced_sign_ins = gate.forced_sign_ins();
  summary.refresh_calls = tracker->refresh_calls();
  summary.failed_refresh_calls = tracker->failed_refreshes();
  summary.final_generation = tracker->generation();
  return summary;
}

}  // namespace freshauth::cli
