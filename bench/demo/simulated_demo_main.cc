// simulated_demo: the session engine alone, in simulated time, against a flaky fake auth server
// (no server, no network). Once `freshauth demo --simulated`; the demo of the command is the real
// one against the embedded idp.
#include <CLI/CLI.hpp>

#include "common/exit_codes.h"
#include "demo/simulated_demo.h"

int main(int argc, char** argv) {
  using namespace freshauth::cli;
  SimulatedDemoOptions options;
  CLI::App app{
      "simulated_demo: drives the session engine from many threads across several token "
      "lifetimes in simulated time, refreshes failing transiently at a given rate."};
  app.footer(exit_codes_help({{kExitOk, "no caller was handed an expired token"},
                              {kExitFailed, "some caller was, or the sign-in failed"},
                              {kExitUsage}}));
  app.add_option("--threads", options.threads, "Concurrent callers")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--lifetimes", options.lifetimes, "Token lifetimes to run for")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--token-lifetime", options.token_lifetime_seconds,
                 "Access token lifetime, simulated seconds")
      ->check(CLI::Range(2, 86400))
      ->capture_default_str();
  app.add_option("--failure-rate", options.transient_failure_rate,
                 "Share of refresh calls that fail transiently, 0..1")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--speed", options.speed, "Simulated seconds per real second")
      ->check(CLI::Range(1.0, 100000.0))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Random seed")->capture_default_str();
  app.add_flag("--json", options.json, "Print the summary as JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  return run_simulated_demo(options);
}
