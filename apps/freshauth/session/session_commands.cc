#include "session/session_commands.h"

#include "session/curl_command.h"
#include "session/exec_command.h"
#include "session/login_command.h"
#include "session/logout_command.h"
#include "session/status_command.h"
#include "session/token_command.h"

namespace freshauth::cli {

void add_session_commands(CLI::App& app, CommandContext& context, int& exit_code) {
  add_login_command(app, context, exit_code);
  add_token_command(app, context, exit_code);
  add_curl_command(app, context, exit_code);
  add_status_command(app, context, exit_code);
  add_logout_command(app, context, exit_code);
  add_exec_command(app, context, exit_code);
}

}  // namespace freshauth::cli
