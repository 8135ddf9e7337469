#include <istream>
#include <ostream>

#include "common/command_errors.h"
#include "common/exit_codes.h"
#include "common/password_prompt.h"
#include "session/login_flows.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "login";

std::optional<std::string> read_mfa_code(CommandContext& context, const LoginOptions& options,
                                         const MfaChallenge& challenge) {
  if (options.mfa_code) return options.mfa_code;
  // Piped input (the line after --password-stdin's) needs no prompt.
  if (context.interactive) {
    context.err << "MFA code (" << challenge.name << ") for " << challenge.username << ": "
                << std::flush;
  }
  std::string code;
  if (!std::getline(context.in, code)) return std::nullopt;
  while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
  return code;
}

SessionContext context_of(const CliSession& session) {
  return {session.stores.settings.partner_id.value_or(""), std::nullopt, std::nullopt};
}

}  // namespace

int sign_in_with_password(CommandContext& context, CliSession& session,
                          const LoginOptions& options) {
  const auto& settings = session.stores.settings;
  const std::string& profile = session.profile_name();
  auto password = read_password(context, options.password_stdin, /*confirm=*/false);
  if (!password || password->empty()) {
    return report_usage(context.err, kCommand,
                        options.password_stdin ? "no password on stdin" : "no password given");
  }
  const SessionContext session_context = context_of(session);
  auto challenge = session.engine->sign_in({*settings.username, *password}, session_context);
  if (!challenge) {
    Error error = challenge.error();
    if (error.code == Errc::invalid_credentials) {
      error.message = "wrong username or password for " + *settings.username + " at " +
                      session.endpoint() + " (" + error.message + ")";
    }
    return report_failure(context.err, kCommand, error, profile);
  }
  if (!*challenge) return kExitOk;
  auto code = read_mfa_code(context, options, **challenge);
  if (!code || code->empty()) {
    return report_usage(context.err, kCommand,
                        "no MFA code: type it at the prompt or pass --mfa-code");
  }
  if (auto done = session.engine->complete_mfa(**challenge, *code, session_context); !done) {
    Error error = done.error();
    if (error.code == Errc::invalid_credentials)
      error.message = "wrong MFA code (" + error.message + ")";
    return report_failure(context.err, kCommand, error, profile);
  }
  return kExitOk;
}

}  // namespace freshauth::cli
