// The freshauth command. Each subcommand lives in its own file; this wires them into CLI11.
#include <CLI/CLI.hpp>

#include "idp_command.h"
#include "session_commands.h"
#include "simulated_demo.h"
#include "verify_command.h"

namespace {

// Exit codes, shared by every subcommand (see docs/cli.md).
constexpr int kExitUsage = 2;

void add_demo_command(CLI::App& app, freshauth::cli::SimulatedDemoOptions& options,
                      int& exit_code) {
  auto* demo = app.add_subcommand(
      "demo",
      "Run the session engine under load: many threads across several token lifetimes, in "
      "simulated time, with an auth server that fails transiently.\n"
      "Exit codes: 0 no caller got an expired token; 1 one did; 2 usage error.");
  demo->add_option("--threads", options.threads, "Concurrent callers")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  demo->add_option("--lifetimes", options.lifetimes, "Token lifetimes to run for")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  demo->add_option("--token-lifetime", options.token_lifetime_seconds,
                   "Access token lifetime, simulated seconds")
      ->check(CLI::Range(2, 86400))
      ->capture_default_str();
  demo->add_option("--failure-rate", options.transient_failure_rate,
                   "Share of refresh calls that fail transiently (0..1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  demo->add_option("--speed", options.speed, "Simulated seconds per real second")
      ->check(CLI::Range(1.0, 100000.0))
      ->capture_default_str();
  demo->add_option("--seed", options.seed, "Random seed")->capture_default_str();
  demo->add_flag("--json", options.json, "Print the summary as JSON");
  demo->callback(
      [&options, &exit_code] { exit_code = freshauth::cli::run_simulated_demo(options); });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "freshauth: keeps Cognito / OAuth2 sessions alive so that no request fails because "
      "a token expired."};
  app.require_subcommand(1);
  int exit_code = 0;
  freshauth::cli::SimulatedDemoOptions demo_options;
  add_demo_command(app, demo_options, exit_code);
  freshauth::cli::add_session_commands(app, exit_code);
  freshauth::cli::add_verify_command(app, exit_code);
  add_idp_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kExitUsage;
  }
  return exit_code;
}
