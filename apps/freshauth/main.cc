// The freshauth command: wires each family's commands into one CLI11 tree. Each command is
// `int run(const XOptions&, CommandContext&)` in its family's library; this process's context
// is the real environment, clock and streams.
#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "common/exit_codes.h"
#include "demo/demo_command.h"
#include "gateway/gateway_command.h"
#include "idp/idp_command.h"
#include "session/session_commands.h"
#include "verify/verify_command.h"

int main(int argc, char** argv) {
  using namespace freshauth::cli;
  CLI::App app{
      "freshauth: keeps Cognito / OAuth2 sessions alive so that no request fails because "
      "a token expired."};
  app.require_subcommand(1);
  app.footer("\nRun `freshauth COMMAND --help` for what a command does, examples and exit codes.");
  CommandContext context = process_context();
  int exit_code = kExitOk;
  add_demo_command(app, context, exit_code);
  add_session_commands(app, context, exit_code);
  add_verify_command(app, context, exit_code);
  add_idp_command(app, context, exit_code);
  add_gateway_command(app, context, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
