// The freshauth command. Each subcommand lives in its own file; this wires them into CLI11.
#include <CLI/CLI.hpp>

#include "demo/demo_command.h"
#include "common/exit_codes.h"
#include "idp/idp_command.h"
#include "session/session_commands.h"
#include "verify/verify_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "freshauth: keeps Cognito / OAuth2 sessions alive so that no request fails because "
      "a token expired."};
  app.require_subcommand(1);
  app.footer("\nRun `freshauth COMMAND --help` for what a command does, examples and exit codes.");
  int exit_code = 0;
  freshauth::cli::add_demo_command(app, exit_code);
  freshauth::cli::add_session_commands(app, exit_code);
  freshauth::cli::add_verify_command(app, exit_code);
  add_idp_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? freshauth::cli::kExitOk : freshauth::cli::kExitUsage;
  }
  return exit_code;
}
