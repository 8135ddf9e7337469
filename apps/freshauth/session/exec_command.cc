#include "session/exec_command.h"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/profile_options.h"
#include "freshauth/stores/encryption_key.h"
#include "session/child_command.h"
#include "session/cli_session.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "exec";

bool is_variable_name(const std::string& name) {
  const auto word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  return !name.empty() && std::isdigit(static_cast<unsigned char>(name.front())) == 0 &&
         std::all_of(name.begin(), name.end(), word);
}

}  // namespace

int run(const ExecOptions& options, CommandContext& context) {
  if (options.env_name && !is_variable_name(*options.env_name)) {
    return report_usage(
        context.err, kCommand,
        "--env-name `" + *options.env_name + "` is not a variable name ([A-Za-z_][A-Za-z0-9_]*)");
  }
  int exit_code = kExitOk;
  auto session = signed_in_session(context, kCommand, options.profile, exit_code);
  if (!session) return exit_code;
  auto fresh = session->engine->try_ensure_fresh();
  if (!fresh) return report_failure(context.err, kCommand, fresh.error(), session->profile_name());
  const SessionSnapshot& current = *fresh;

  EnvironmentChanges changes;
  changes.set = {{"FRESHAUTH_ACCESS_TOKEN", current.access_token()},
                 {"FRESHAUTH_PARTNER_ID", current.partner_id()}};
  if (options.env_name) changes.set.emplace_back(*options.env_name, current.access_token());
  // The command gets an access token, not the means to decrypt the refresh token.
  changes.unset = {EncryptionKey::kDefaultVariable};
  std::string error;
  const int status = run_child_command(options.command, changes, error);
  if (!error.empty()) context.err << "freshauth exec: " << error << "\n";
  return status;
}

void add_exec_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<ExecOptions>();
  auto* exec = add_command(
      app, "exec", "Run a command with a fresh access token in its environment",
      "Run a command (no shell) with a fresh access token in its environment: "
      "FRESHAUTH_ACCESS_TOKEN, FRESHAUTH_PARTNER_ID, and --env-name NAME if given. The token is "
      "fresh when the command starts; long-running commands should call `freshauth token` when "
      "they need one. $FRESHAUTH_SECRET_KEY is removed from its environment. Put the command after "
      "--.\n"
      "Example: freshauth exec -- sh -c 'curl -H \"Authorization: Bearer "
      "$FRESHAUTH_ACCESS_TOKEN\" https://api.example.com/me'" +
          exit_codes_help({{kExitOk, "the command ran and exited 0"},
                           {kExitFailed},
                           {kExitUsage},
                           {kExitNotSignedIn},
                           {kExitUnreachable, "server unreachable while a refresh was due"},
                           {kExitCommandNotRunnable},
                           {kExitCommandNotFound},
                           {kExitKilledBySignal}}) +
          " Once the command ran, its exit status is passed through.");
  add_profile_options(*exec, options->profile);
  exec->add_option_function<std::string>(
      "--env-name", [options](const std::string& name) { options->env_name = name; },
      "Also put the access token in this variable (e.g. API_TOKEN)");
  exec->add_option("command", options->command, "The command and its arguments, after --")
      ->required();
  run_on_parse(*exec, options, context, exit_code);
}

}  // namespace freshauth::cli
