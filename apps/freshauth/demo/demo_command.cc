#include "demo/demo_command.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common/command_help.h"
#include "demo/demo_load.h"
#include "demo/demo_options.h"
#include "demo/demo_server.h"
#include "common/exit_codes.h"

namespace freshauth::cli {
namespace {

void announce_faults(const DemoOptions& options) {
  if (options.faults) {
    const auto rule = demo_fault_rule();
    std::cerr << "\n!!! FAULT INJECTION ON " << rule.path << ": " << rule.spec.describe()
              << "\n!!! (refresh calls are slowed, refused with 503 + Retry-After, dropped or "
                 "answered with broken JSON)\n";
  }
  if (options.expires_in_overstatement.count() > 0) {
    std::cerr << "!!! THE SERVER LIES: ExpiresIn is " << options.expires_in_overstatement.count()
              << " s longer than the tokens live (" << options.token_lifetime.count()
              << " s, as their exp claim says)\n";
  }
  if (options.faults || options.expires_in_overstatement.count() > 0) std::cerr << "\n";
}

void print_table(const DemoOptions& options, const std::vector<RunSummary>& runs) {
  std::cout << fmt::format(
      "\nfreshauth demo: {} threads calling GET /api/user (one request every {} ms each) for {} s "
      "per run, {} s access tokens{}{}\n\n",
      options.threads, options.interval.count(), options.duration.count(),
      options.token_lifetime.count(), options.faults ? ", faults on the refresh endpoint" : "",
      options.expires_in_overstatement.count() > 0 ? ", ExpiresIn overstated" : "");
  std::cout << format_table(runs) << "\n";
  const RunSummary& improved = runs.front();
  if (improved.requests_failed() == 0) {
    std::cout << fmt::format("improved engine: no failed request in {} token lifetimes",
                             improved.lifetimes_elapsed() < 10
                                 ? fmt::format("{:.1f}", improved.lifetimes_elapsed())
                                 : fmt::format("{:.0f}", improved.lifetimes_elapsed()));
  } else {
    std::cout << "improved engine: " << with_commas(improved.requests_failed())
              << " requests FAILED";
  }
  if (runs.size() > 1) {
    const RunSummary& naive = runs.back();
    std::cout << fmt::format("; naive engine: {} failed, {} forced sign-ins, {} refresh calls",
                             with_commas(naive.requests_failed()),
                             with_commas(naive.forced_sign_ins), with_commas(naive.refresh_calls));
  }
  std::cout << (improved.interrupted ? " (interrupted)\n" : "\n");
}

int run_real_demo(const DemoOptions& options) {
  StopSignals signals;
  announce_faults(options);
  std::vector<RunSummary> runs;
  for (const EngineMode mode : {EngineMode::improved, EngineMode::naive}) {
    if (mode == EngineMode::naive && (!options.compare || signals.received())) break;
    auto run = run_load(mode, options, signals);
    if (!run) {
      std::cerr << "freshauth demo: the " << name_of(mode)
                << " run could not start: " << run.error().describe() << "\n";
      return kExitFailed;
    }
    runs.push_back(std::move(*run));
  }
  if (options.json) {
    std::cout << to_json(options, runs).dump(2) << "\n";
  } else {
    print_table(options, runs);
  }
  const RunSummary& improved = runs.front();
  return improved.requests_failed() == 0 && improved.requests_ok > 0 ? kExitOk : kExitFailed;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code) {
  auto line = std::make_shared<DemoCommandLine>();
  auto* demo = add_command(
      app, "demo", "Run the session engine against the embedded idp under load, with a live table",
      "Show the session engine at work: starts the embedded idp on a free loopback port with "
      "short-lived tokens, signs a demo user in, and calls GET /api/user through the library from "
      "many threads across several token lifetimes, with a live progress line and a final table "
      "(see docs/demo.md). --faults injects refresh failures; --compare runs the same load again "
      "with the engine's improvements off. --simulated runs the older in-process simulation "
      "instead.\n"
      "Exit codes: 0 no request failed (with --compare: in the improved run; --simulated: no "
      "caller got an expired token); 1 some did, or the demo could not start; 2 usage error.");
  demo->add_option("--threads", line->threads, "Concurrent callers [64; --simulated: 1000]");
  demo->add_option("--duration", line->duration, "Seconds per run [90]");
  demo->add_option("--token-lifetime", line->token_lifetime,
                   "Access token lifetime in seconds, at least 3 [20; --simulated: 60, simulated]");
  demo->add_option("--interval", line->interval_ms,
                   "Milliseconds each thread pauses between requests [20]");
  demo->add_flag("--faults", line->faults,
                 "Inject faults on the refresh endpoint (latency, 503 with Retry-After, dropped "
                 "connections, broken JSON) and have the server overstate ExpiresIn by 3600 s");
  demo->add_option("--overstate-expires-in", line->overstate_expires_in,
                   "Seconds the server adds to ExpiresIn (not to the tokens' exp) [0; with "
                   "--faults 3600]");
  demo->add_flag("--compare", line->compare,
                 "Run the load again with the improvements off (threshold not capped by the "
                 "lifetime, callers wait in the soft window, expiry from ExpiresIn only) and "
                 "show both side by side");
  demo->add_option("--seed", line->seed, "Random seed for faults and backoff jitter [random]");
  demo->add_flag("--json", line->json, "Print the summary as JSON (progress stays on stderr)");
  demo->add_flag("--simulated", line->simulated,
                 "The in-process simulation: no server, simulated time, a flaky fake auth server");
  demo->add_option("--lifetimes", line->lifetimes, "--simulated: token lifetimes to run for [5]");
  demo->add_option("--failure-rate", line->failure_rate,
                   "--simulated: share of refresh calls that fail transiently, 0..1 [0.2]");
  demo->add_option("--speed", line->speed, "--simulated: simulated seconds per real second [30]");
  demo->callback([line, &exit_code] {
    auto resolved = resolve_demo_options(*line);
    if (!resolved) {
      std::cerr << "freshauth demo: " << resolved.error().message
                << "\nRun with --help for more information.\n";
      exit_code = kExitUsage;
      return;
    }
    if (const auto* simulated = std::get_if<SimulatedDemoOptions>(&*resolved)) {
      exit_code = run_simulated_demo(*simulated);
    } else {
      exit_code = run_real_demo(std::get<DemoOptions>(*resolved));
    }
  });
}

}  // namespace freshauth::cli
