#include "demo/demo_command.h"

#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "common/command_help.h"
#include "common/exit_codes.h"
#include "demo/demo_load.h"
#include "demo/demo_options.h"
#include "demo/demo_server.h"

namespace freshauth::cli {
namespace {

void announce_faults(std::ostream& err, const DemoOptions& options) {
  if (options.faults) {
    const auto rule = demo_fault_rule();
    err << "\n!!! FAULT INJECTION ON " << rule.path << ": " << rule.spec.describe()
        << "\n!!! (refresh calls are slowed, refused with 503 + Retry-After, dropped or "
           "answered with broken JSON)\n";
  }
  if (options.expires_in_overstatement.count() > 0) {
    err << "!!! THE SERVER LIES: ExpiresIn is " << options.expires_in_overstatement.count()
        << " s longer than the tokens live (" << options.token_lifetime.count()
        << " s, as their exp claim says)\n";
  }
  if (options.faults || options.expires_in_overstatement.count() > 0) err << "\n";
}

void print_table(std::ostream& out, const DemoOptions& options,
                 const std::vector<RunSummary>& runs) {
  out << fmt::format(
      "\nfreshauth demo: {} threads calling GET /api/user (one request every {} ms each) for {} s "
      "per run, {} s access tokens{}{}\n\n",
      options.threads, options.interval.count(), options.duration.count(),
      options.token_lifetime.count(), options.faults ? ", faults on the refresh endpoint" : "",
      options.expires_in_overstatement.count() > 0 ? ", ExpiresIn overstated" : "");
  out << format_table(runs) << "\n";
  const RunSummary& improved = runs.front();
  if (improved.requests_failed() == 0) {
    out << fmt::format("improved engine: no failed request in {} token lifetimes",
                       improved.lifetimes_elapsed() < 10
                           ? fmt::format("{:.1f}", improved.lifetimes_elapsed())
                           : fmt::format("{:.0f}", improved.lifetimes_elapsed()));
  } else {
    out << "improved engine: " << with_commas(improved.requests_failed()) << " requests FAILED";
  }
  if (runs.size() > 1) {
    const RunSummary& naive = runs.back();
    out << fmt::format("; naive engine: {} failed, {} forced sign-ins, {} refresh calls",
                       with_commas(naive.requests_failed()), with_commas(naive.forced_sign_ins),
                       with_commas(naive.refresh_calls));
  }
  out << (improved.interrupted ? " (interrupted)\n" : "\n");
}

int run_demo(const DemoOptions& options, CommandContext& context) {
  StopSignals signals;
  announce_faults(context.err, options);
  std::vector<RunSummary> runs;
  for (const EngineMode mode : {EngineMode::improved, EngineMode::naive}) {
    if (mode == EngineMode::naive && (!options.compare || signals.received())) break;
    auto run = run_load(mode, options, signals);
    if (!run) {
      context.err << "freshauth demo: the " << name_of(mode)
                  << " run could not start: " << run.error().describe()
                  << ": see docs/demo.md (it needs a free loopback port and a writable TMPDIR)\n";
      return kExitFailed;
    }
    runs.push_back(std::move(*run));
  }
  if (options.json) {
    context.out << to_json(options, runs).dump(2) << "\n";
  } else {
    print_table(context.out, options, runs);
  }
  // A run that made no request at all failed to start its load, unless it was stopped (Ctrl-C)
  // before its first request came back.
  const RunSummary& improved = runs.front();
  const bool made_requests = improved.requests_ok > 0 || improved.interrupted;
  return improved.requests_failed() == 0 && made_requests ? kExitOk : kExitFailed;
}

}  // namespace

int run(const DemoCommandLine& line, CommandContext& context) {
  auto resolved = resolve_demo_options(line);
  if (!resolved) {
    context.err << "freshauth demo: " << resolved.error().message
                << "\nRun `freshauth demo --help` for its options.\n";
    return kExitUsage;
  }
  return run_demo(*resolved, context);
}

void add_demo_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto line = std::make_shared<DemoCommandLine>();
  auto* demo = add_command(
      app, "demo", "Run the session engine against the embedded idp under load, with a live table",
      "Show the session engine at work: starts the embedded idp on a free loopback port with "
      "short-lived tokens, signs a demo user in, and calls GET /api/user through the library from "
      "many threads across several token lifetimes, with a live progress line and a final table "
      "(see docs/demo.md). --faults injects refresh failures; --compare runs the same load again "
      "with the engine's improvements off." +
          exit_codes_help({{kExitOk, "no request failed (with --compare: in the improved run)"},
                           {kExitFailed, "some request failed, or the demo could not start"},
                           {kExitUsage}}));
  demo->add_option("--threads", line->threads, "Concurrent callers [64]");
  demo->add_option("--duration", line->duration, "Seconds per run [90]");
  demo->add_option("--token-lifetime", line->token_lifetime,
                   "Access token lifetime in seconds, at least 3 [20]");
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
  run_on_parse(*demo, line, context, exit_code);
}

}  // namespace freshauth::cli
