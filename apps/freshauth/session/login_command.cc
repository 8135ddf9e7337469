#include "session/login_command.h"

#include <iostream>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/profile_options.h"
#include "common/time_format.h"
#include "freshauth/credentials/login_record.h"
#include "freshauth/credentials/profile_fields.h"
#include "freshauth/security/fingerprint.h"
#include "session/cli_session.h"
#include "session/login_flows.h"
#include "session/provider_guess.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "login";

// The settings a sign-in at this provider cannot do without; the provider checks its own
// (client id, region, issuer) when it is made.
std::vector<const char*> required_settings(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::partner:
      return {"endpoint", "username", "partner_id"};
    case ProviderKind::cognito:
      return {"username"};
    case ProviderKind::oauth2:
      return {};
  }
  return {};
}

std::optional<std::string> missing_setting(ProviderKind kind, const SessionStores& stores) {
  const auto& settings = stores.settings;
  const auto& profile = stores.profile;
  for (const auto* key : required_settings(kind)) {
    const ProfileField& field = *find_profile_field(key);
    if (settings.*field.member && !(settings.*field.member)->empty()) continue;
    return "no " + std::string{key} + " for profile " + profile.name + " (provider " +
           std::string{to_string(kind)} + "): pass " + flag_for(field) + ", set " +
           variable_for(field) + ", or add " + key + " = \"...\" to [profiles." + profile.name +
           "] in " + profile.config_path.string();
  }
  return std::nullopt;
}

// A new sign-in replaces the stored session; its refresh token would stay valid at the server.
void revoke_previous(CommandContext& context, CliSession& session,
                     const std::optional<Session>& previous) {
  if (!previous) return;
  const auto current = session.engine->current();
  if (current && current->refresh_token == previous->refresh_token) return;
  if (auto revoked = session.provider.authenticator->revoke(previous->refresh_token); !revoked) {
    context.err << "freshauth login: warning: the previous session's refresh token (fingerprint "
                << fingerprint(previous->refresh_token)
                << ") could not be revoked: " << revoked.error().message << "\n";
  }
}

void print_signed_in(CommandContext& context, const CliSession& session) {
  const auto current = session.engine->current();
  const auto& settings = session.stores.settings;
  context.out << "Signed in to " << session.endpoint();
  if (settings.username && session.provider.kind != ProviderKind::oauth2) {
    context.out << " as " << *settings.username;
  }
  context.out << " (";
  if (!current->partner_id.empty()) context.out << "partner " << current->partner_id << ", ";
  context.out << "profile " << session.profile_name() << ", provider "
              << to_string(session.provider.kind) << ").\n"
              << "Access token " << expires_in_words(current->expires_at - context.clock->now())
              << " (fingerprint " << fingerprint(current->access_token) << ").\n"
              << "Session:       " << session.stores.layout.session_file().string() << "\n"
              << "Refresh token: " << session.stores.secrets->describe() << "\n";
}

// What login remembers: every non-secret setting it used, and the OAuth2 endpoints it found.
LoginRecord record_of(const CliSession& session) {
  LoginRecord record{session.stores.settings};
  if (session.provider.oauth2)
    record_endpoints(session.provider.oauth2->endpoints(), record.settings);
  return record;
}

// A server that does not speak the chosen protocol: say which one it seems to speak.
int report_sign_in_failure(CommandContext& context, const CliSession& session, int exit_code) {
  if (exit_code != kExitFailed && exit_code != kExitHttpError) return exit_code;
  if (auto hint = guess_provider_hint(session.provider.kind, session.stores.settings)) {
    context.err << "freshauth login: hint: " << *hint << "\n";
  }
  return exit_code;
}

}  // namespace

int run(const LoginOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto stores = stores_for(context, kCommand, options.profile, /*create=*/true, exit_code);
  if (!stores) return exit_code;
  auto kind = provider_kind(stores->settings);
  if (!kind) return report_usage(context.err, kCommand, kind.error().message);
  if (auto missing = missing_setting(*kind, *stores))
    return report_usage(context.err, kCommand, *missing);
  if (*kind != ProviderKind::oauth2 && (options.browser || options.device)) {
    return report_usage(context.err, kCommand, "--browser and --device are for provider oauth2");
  }
  if (*kind == ProviderKind::oauth2) {
    // Ask the discovery document again: recorded endpoints may belong to an earlier issuer.
    for (auto member :
         {&ProfileSettings::authorization_endpoint, &ProfileSettings::token_endpoint,
          &ProfileSettings::revocation_endpoint, &ProfileSettings::device_authorization_endpoint}) {
      stores->settings.*member = stores->profile.settings.*member;
    }
  }
  const std::string profile = stores->profile.name;
  auto opened = open_session(std::move(*stores), context);
  if (!opened) return report_setup_failure(context, kCommand, opened.error(), profile);
  CliSession session = std::move(*opened);

  std::optional<Session> previous;
  if (auto stored = session.stores.store->load(); stored && *stored) previous = std::move(*stored);

  const int signed_in = *kind == ProviderKind::oauth2
                            ? sign_in_with_oauth2(context, session, options)
                            : sign_in_with_password(context, session, options);
  if (signed_in != kExitOk) return report_sign_in_failure(context, session, signed_in);
  if (auto saved = save_login_record(session.stores.layout.login_record(), record_of(session));
      !saved) {
    return report_failure(context.err, kCommand, saved.error(), profile);
  }
  revoke_previous(context, session, previous);
  print_signed_in(context, session);
  return kExitOk;
}

void add_login_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<LoginOptions>();
  auto* login = add_command(
      app, "login", "Sign in and save the session for the profile",
      "Sign in and save the session for the profile.\n"
      "provider partner (default) and cognito: the password is read without echo from the "
      "terminal, or with --password-stdin from one line of stdin (never from argv); when the "
      "server asks for an MFA code it is prompted for (or read from the next line of stdin), "
      "unless --mfa-code is given. partner needs endpoint, username and partner_id; cognito "
      "needs client_id, region (or a custom endpoint) and username.\n"
      "provider oauth2: --browser (default) prints the sign-in URL (and opens it with xdg-open "
      "when there is a display) and waits for the redirect to a one-shot listener on "
      "127.0.0.1; --device shows a code to enter on any other device. It needs client_id and "
      "issuer (or token_endpoint and authorization_endpoint).\n"
      "Settings come from the flags, FRESHAUTH_* variables, the profile in config.toml, or the "
      "last login of the profile; a client secret only from FRESHAUTH_CLIENT_SECRET or the "
      "config file.\n"
      "Examples: freshauth login --endpoint http://127.0.0.1:8080 --username alice "
      "--partner-id p-1\n"
      "          freshauth login --provider cognito --region eu-west-1 --client-id ID "
      "--username alice\n"
      "          freshauth login --provider oauth2 --issuer https://id.example.com --client-id "
      "cli --device" +
          session_exit_codes_help());
  add_profile_options(*login, options->profile);
  login->add_flag("--password-stdin", options->password_stdin,
                  "Read the password from the first line of stdin");
  login->add_option_function<std::string>(
      "--mfa-code", [options](const std::string& code) { options->mfa_code = code; },
      "The current code of your authenticator app, if the server asks for one");
  auto* browser = login->add_flag("--browser", options->browser,
                                  "oauth2: sign in in a browser (code + PKCE; the default)");
  login
      ->add_flag("--device", options->device,
                 "oauth2: sign in on another device with a code (RFC 8628)")
      ->excludes(browser);
  login->add_flag("--no-open", options->no_open, "oauth2 --browser: print the URL, do not open it");
  login
      ->add_option("--timeout", options->timeout_seconds,
                   "oauth2 --browser: seconds to wait for the browser (default 300)")
      ->check(CLI::PositiveNumber);
  run_on_parse(*login, options, context, exit_code);
}

}  // namespace freshauth::cli
