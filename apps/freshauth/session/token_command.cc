#include "session/token_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/profile_options.h"
#include "common/time_format.h"
#include "session/cli_session.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "token";

}  // namespace

int run(const TokenOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto session = signed_in_session(context, kCommand, options.profile, exit_code);
  if (!session) return exit_code;
  auto fresh = session->engine->try_ensure_fresh();
  if (!fresh) return report_failure(context.err, kCommand, fresh.error(), session->profile_name());
  const SessionSnapshot& current = *fresh;
  if (!options.json) {
    context.out << current.access_token() << "\n";
    return kExitOk;
  }
  const nlohmann::json out = {
      {"access_token", current.access_token()},
      {"token_type", "Bearer"},
      {"expires_at", iso8601_utc(current.expires_at())},
      {"expires_in", seconds_left(current.expires_at(), context.clock->now())},
      {"generation", current.generation()},
      {"partner_id", current.partner_id()},
      {"profile", session->profile_name()},
  };
  context.out << out.dump(2) << "\n";
  return kExitOk;
}

void add_token_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<TokenOptions>();
  auto* token = add_command(
      app, "token", "Print a fresh access token for scripts",
      "Print a fresh access token for scripts (like `gcloud auth print-access-token`), "
      "refreshing the session first when it is close to expiry. --json adds the expiry and the "
      "session generation; the refresh token is never printed." +
          session_exit_codes_help());
  add_profile_options(*token, options->profile);
  token->add_flag("--json", options->json,
                  "Print {access_token, token_type, expires_at, expires_in, generation, "
                  "partner_id, profile}");
  run_on_parse(*token, options, context, exit_code);
}

}  // namespace freshauth::cli
