#include "login_command.h"

#include <unistd.h>

#include <iostream>

#include "cli_session.h"
#include "command_context.h"
#include "command_errors.h"
#include "exit_codes.h"
#include "freshauth/security/fingerprint.h"
#include "password_prompt.h"
#include "profile_options.h"
#include "time_format.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "login";

// The settings login cannot do without, with where each can come from.
std::optional<std::string> missing_setting(const SessionStores& stores) {
  const auto& settings = stores.settings;
  const auto& profile = stores.profile;
  for (const auto* key : {"endpoint", "username", "partner_id"}) {
    const ProfileField& field = *find_profile_field(key);
    if (settings.*field.member && !(settings.*field.member)->empty()) continue;
    return "no " + std::string{key} + " for profile " + profile.name + ": pass " + flag_for(field) +
           ", set " + variable_for(field) + ", or add " + key + " = \"...\" to [profiles." +
           profile.name + "] in " + profile.config_path.string();
  }
  return std::nullopt;
}

std::optional<std::string> read_mfa_code(const LoginOptions& options,
                                         const MfaChallenge& challenge) {
  if (options.mfa_code) return options.mfa_code;
  // Piped input (the line after --password-stdin's) needs no prompt.
  if (::isatty(STDIN_FILENO) == 1) {
    std::cerr << "MFA code (" << challenge.name << ") for " << challenge.username << ": "
              << std::flush;
  }
  std::string code;
  if (!std::getline(std::cin, code)) return std::nullopt;
  while (!code.empty() && (code.back() == '\r' || code.back() == ' ')) code.pop_back();
  return code;
}

// A new sign-in replaces the stored session; its refresh token would stay valid at the server.
void revoke_previous(CliSession& session, const std::optional<Session>& previous) {
  if (!previous) return;
  const auto current = session.engine->current();
  if (current && current->refresh_token == previous->refresh_token) return;
  if (auto revoked = session.authenticator->revoke(previous->refresh_token); !revoked) {
    std::cerr << "freshauth login: warning: the previous session's refresh token (fingerprint "
              << fingerprint(previous->refresh_token)
              << ") could not be revoked: " << revoked.error().message << "\n";
  }
}

void print_signed_in(const CliSession& session) {
  const auto current = session.engine->current();
  const auto& settings = session.stores.settings;
  std::cout << "Signed in to " << session.endpoint() << " as " << *settings.username << " (partner "
            << current->partner_id << ", profile " << session.profile_name() << ").\n"
            << "Access token " << expires_in_words(current->expires_at - SystemClock{}.now())
            << " (fingerprint " << fingerprint(current->access_token) << ").\n"
            << "Session:       " << session.stores.layout.session_file().string() << "\n"
            << "Refresh token: " << session.stores.secrets->describe() << "\n";
}

}  // namespace

int run_login(const LoginOptions& options, const Environment& env) {
  int exit_code = kExitOk;
  auto stores = stores_for(kCommand, options.profile, env, /*create=*/true, exit_code);
  if (!stores) return exit_code;
  if (auto missing = missing_setting(*stores)) return report_usage(kCommand, *missing);
  CliSession session = open_session(std::move(*stores));
  const auto& settings = session.stores.settings;
  const std::string& profile = session.profile_name();

  std::optional<Session> previous;
  if (auto stored = session.stores.store->load(); stored && *stored) previous = std::move(*stored);

  auto password = read_password(options.password_stdin, /*confirm=*/false);
  if (!password || password->empty()) {
    return report_usage(kCommand,
                        options.password_stdin ? "no password on stdin" : "no password given");
  }
  const SessionContext context{*settings.partner_id, std::nullopt, std::nullopt};
  auto challenge = session.engine->sign_in({*settings.username, *password}, context);
  if (!challenge) {
    Error error = challenge.error();
    if (error.code == Errc::invalid_credentials) {
      error.message = "wrong username or password for " + *settings.username + " at " +
                      session.endpoint() + " (" + error.message + ")";
    }
    return report_failure(kCommand, error, profile);
  }
  if (*challenge) {
    auto code = read_mfa_code(options, **challenge);
    if (!code || code->empty()) {
      return report_usage(kCommand, "no MFA code: type it at the prompt or pass --mfa-code");
    }
    if (auto done = session.engine->complete_mfa(**challenge, *code, context); !done) {
      Error error = done.error();
      if (error.code == Errc::invalid_credentials)
        error.message = "wrong MFA code (" + error.message + ")";
      return report_failure(kCommand, error, profile);
    }
  }
  const LoginRecord record{session.endpoint(), *settings.username, *settings.partner_id,
                           settings.api_base};
  if (auto saved = save_login_record(session.stores.layout.login_record(), record); !saved) {
    return report_failure(kCommand, saved.error(), profile);
  }
  revoke_previous(session, previous);
  print_signed_in(session);
  return kExitOk;
}

void add_login_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<LoginOptions>();
  auto* login = app.add_subcommand(
      "login",
      "Sign in and save the session for the profile. The password is read without echo from the "
      "terminal, or with --password-stdin from one line of stdin (never from argv). When the "
      "server asks for an MFA code it is prompted for (or read from the next line of stdin), "
      "unless --mfa-code is given. Endpoint, username and partner id come from the flags, "
      "FRESHAUTH_* variables, the profile in config.toml, or the last login of the profile." +
          std::string{kSessionExitCodesHelp});
  add_profile_options(*login, options->profile);
  login->add_flag("--password-stdin", options->password_stdin,
                  "Read the password from the first line of stdin");
  login->add_option_function<std::string>(
      "--mfa-code", [options](const std::string& code) { options->mfa_code = code; },
      "The current code of your authenticator app, if the server asks for one");
  login->callback(
      [options, &exit_code] { exit_code = run_login(*options, process_environment()); });
}

}  // namespace freshauth::cli
