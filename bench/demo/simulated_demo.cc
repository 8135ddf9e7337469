#include "demo/simulated_demo.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "common/digit_grouping.h"
#include "common/progress_bar.h"
#include "demo/simulated_authenticator.h"
#include "freshauth/core/session_engine.h"

namespace freshauth::cli {
namespace {

struct CallStats {
  std::atomic<std::uint64_t> calls{0};
  std::atomic<std::uint64_t> failures{0};
  std::atomic<std::uint64_t> expired_handed_out{0};
};

void caller_loop(SessionEngine& engine, const Clock& clock, CallStats& stats,
                 const std::atomic<bool>& stop, std::chrono::milliseconds interval) {
  std::uint64_t calls = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    auto session = engine.try_ensure_fresh();
    ++calls;
    if (!session.ok()) {
      stats.failures.fetch_add(1, std::memory_order_relaxed);
    } else if (session->expires_at() <= clock.now()) {
      stats.expired_handed_out.fetch_add(1, std::memory_order_relaxed);
    }
    std::this_thread::sleep_for(interval);  // the request this token would be used for
  }
  stats.calls.fetch_add(calls, std::memory_order_relaxed);
}

}  // namespace

int run_simulated_demo(const SimulatedDemoOptions& options) {
  const std::chrono::seconds token_lifetime{options.token_lifetime_seconds};
  auto clock = std::make_shared<ManualClock>(SystemClock{}.now());
  auto auth = std::make_shared<SimulatedAuthenticator>(
      *clock, SimulatedAuthenticator::Options{token_lifetime, options.transient_failure_rate,
                                              std::chrono::milliseconds{20}, options.seed});
  SessionEngineOptions engine_options;
  engine_options.clock = clock;
  engine_options.random_seed = options.seed;
  SessionEngine engine(auth, engine_options);
  if (auto signed_in = engine.sign_in({"demo", "simulated"}, {"partner-demo", {}, {}});
      !signed_in) {
    std::cerr << "freshauth demo: sign-in failed: " << signed_in.error().describe() << "\n";
    return 1;
  }

  const TimePoint start = clock->now();
  const auto total = token_lifetime * options.lifetimes;
  CallStats stats;
  std::atomic<bool> stop{false};
  std::vector<std::jthread> callers;
  callers.reserve(options.threads);
  for (int i = 0; i < options.threads; ++i) {
    callers.emplace_back(
        [&] { caller_loop(engine, *clock, stats, stop, options.request_interval); });
  }

  ProgressBar progress(stderr);
  const auto tick = std::chrono::milliseconds{1};
  const auto simulated_tick = std::chrono::duration_cast<Duration>(tick * options.speed);
  int ticks = 0;
  while (clock->now() - start < total) {
    std::this_thread::sleep_for(tick);
    clock->advance(simulated_tick);
    if (++ticks % 100 == 0) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(clock->now() - start);
      const auto current = engine.current();
      const auto expires_in =
          current
              ? std::chrono::duration_cast<std::chrono::seconds>(current->expires_at - clock->now())
              : std::chrono::seconds{0};
      progress.update(
          static_cast<double>(elapsed.count()) / static_cast<double>(total.count()),
          fmt::format("sim {}s/{}s  refreshes {} ({} failed)  generation {}  expires in {}s",
                      elapsed.count(), total.count(), auth->refresh_calls(),
                      auth->transient_failures(), current ? current->generation : 0,
                      expires_in.count()));
    }
  }
  stop = true;
  callers.clear();

  const int refreshes = auth->refresh_calls();
  const double per_lifetime = static_cast<double>(refreshes - auth->transient_failures()) /
                              static_cast<double>(options.lifetimes);
  progress.finish(fmt::format("done: {} token lifetimes in simulated time", options.lifetimes));

  if (options.json) {
    const nlohmann::json summary{{"threads", options.threads},
                                 {"token_lifetime_seconds", token_lifetime.count()},
                                 {"lifetimes", options.lifetimes},
                                 {"calls", stats.calls.load()},
                                 {"failed_calls", stats.failures.load()},
                                 {"expired_tokens_handed_out", stats.expired_handed_out.load()},
                                 {"refresh_calls", refreshes},
                                 {"transient_refresh_failures", auth->transient_failures()},
                                 {"successful_refreshes_per_lifetime", per_lifetime}};
    std::cout << summary.dump(2) << "\n";
  } else {
    std::cout << fmt::format(
        "\nfreshauth demo: {} threads, {} token lifetimes of {} s (simulated), {:.0f}% of "
        "refreshes failing transiently\n\n",
        options.threads, options.lifetimes, token_lifetime.count(),
        options.transient_failure_rate * 100);
    const auto row = [](const std::string& name, const std::string& value) {
      std::cout << fmt::format("  {:<36}{:>14}\n", name, value);
    };
    row("calls to ensure_fresh()", with_commas(stats.calls));
    row("failed calls", with_commas(stats.failures));
    row("expired tokens handed out", with_commas(stats.expired_handed_out));
    row("refresh calls to the server", std::to_string(refreshes));
    row("  of which failed (absorbed)", std::to_string(auth->transient_failures()));
    row("successful refreshes per lifetime", fmt::format("{:.1f}", per_lifetime));
    std::cout << "\n";
  }
  return stats.expired_handed_out == 0 ? 0 : 1;
}

}  // namespace freshauth::cli
