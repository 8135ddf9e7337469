// `freshauth idp`: the command tree of the admin commands and `serve`.
#include "idp/idp_command.h"

#include <memory>

#include "common/command_help.h"
#include "common/exit_codes.h"
#include "idp/idp_admin_commands.h"
#include "idp/idp_serve_command.h"

namespace freshauth::cli {
namespace {

std::string admin_exit_codes() {
  return exit_codes_help({{kExitOk},
                          {kExitFailed, "failed (the database, an unknown user, a bad lifetime)"},
                          {kExitUsage}});
}

// `--db` and `--dev` belong to `idp`: each subcommand's options get them when it runs.
template <class Options>
void run_with_database(CLI::App& command, std::shared_ptr<Options> options,
                       std::shared_ptr<const IdpDatabaseOptions> database, CommandContext& context,
                       int& exit_code) {
  command.callback([options, database, &context, &exit_code] {
    options->database = *database;
    exit_code = run(*options, context);
  });
}

using Database = std::shared_ptr<const IdpDatabaseOptions>;

void add_init(CLI::App& idp, const Database& database, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<IdpInitOptions>();
  auto* init =
      idp.add_subcommand("init", "Create the database, a signing key and the partner app client." +
                                     admin_exit_codes());
  init->add_flag("--json", options->json, "Print {database, partner_client_id}");
  run_with_database(*init, options, database, context, exit_code);
}

void add_user_commands(CLI::App& idp, const Database& database, CommandContext& context,
                       int& exit_code) {
  auto* user = idp.add_subcommand("user", "Manage users." + admin_exit_codes());
  user->require_subcommand(1);

  auto add_options = std::make_shared<IdpUserAddOptions>();
  auto* add = user->add_subcommand(
      "add",
      "Add a user. The password is read without echo from the terminal, or with "
      "--password-stdin from one line of stdin; never from argv." +
          admin_exit_codes());
  add->add_option("username", add_options->username, "User name")->required();
  add->add_option("--mfa", add_options->mfa,
                  "Second factor: totp (prints the secret and an otpauth URI)")
      ->check(CLI::IsMember({"totp"}));
  add->add_flag("--password-stdin", add_options->password_stdin, "Read the password from stdin");
  add->add_flag("--json", add_options->json, "Print {username, sub, totp_secret, otpauth_uri}");
  run_with_database(*add, add_options, database, context, exit_code);

  auto remove_options = std::make_shared<IdpUserRemoveOptions>();
  auto* remove = user->add_subcommand(
      "remove", "Remove a user and revoke their refresh tokens." + admin_exit_codes());
  remove->add_option("username", remove_options->username, "User name")->required();
  run_with_database(*remove, remove_options, database, context, exit_code);

  auto list_options = std::make_shared<IdpUserListOptions>();
  auto* list = user->add_subcommand(
      "list", "List users and whether MFA is on (name, sub, totp or -)." + admin_exit_codes());
  list->add_flag("--json", list_options->json, "Print [{username, sub, mfa}]");
  run_with_database(*list, list_options, database, context, exit_code);
}

void add_client_command(CLI::App& idp, const Database& database, CommandContext& context,
                        int& exit_code) {
  auto* client = idp.add_subcommand("client", "Manage app clients." + admin_exit_codes());
  client->require_subcommand(1);
  auto options = std::make_shared<IdpClientAddOptions>();
  auto* add = client->add_subcommand(
      "add",
      "Add an app client. Lifetimes in seconds: access/id 300..86400, refresh 3600..315360000 "
      "(--dev: any, at least 1)." +
          admin_exit_codes());
  add->add_option("--name", options->name, "Display name");
  add->add_flag("--secret", options->generate_secret, "Generate a client secret");
  add->add_option("--callback", options->callback_urls, "Allowed redirect URI (repeatable)");
  add->add_option("--access-lifetime", options->access_lifetime, "Access token lifetime, s")
      ->capture_default_str();
  add->add_option("--id-lifetime", options->id_lifetime, "Id token lifetime, s")
      ->capture_default_str();
  add->add_option("--refresh-lifetime", options->refresh_lifetime, "Refresh token lifetime, s")
      ->capture_default_str();
  add->add_flag("--json", options->json, "Print {client_id, client_secret}");
  run_with_database(*add, options, database, context, exit_code);
}

void add_revoke_and_keys(CLI::App& idp, const Database& database, CommandContext& context,
                         int& exit_code) {
  auto revoke_options = std::make_shared<IdpRevokeOptions>();
  auto* revoke = idp.add_subcommand(
      "revoke",
      "Revoke every refresh token of a user (sign them out everywhere)." + admin_exit_codes());
  revoke->add_option("--user", revoke_options->username, "User name")->required();
  revoke->add_flag("--json", revoke_options->json, "Print {username, revoked_refresh_tokens}");
  run_with_database(*revoke, revoke_options, database, context, exit_code);

  auto* keys = idp.add_subcommand("keys", "Manage signing keys." + admin_exit_codes());
  keys->require_subcommand(1);
  auto rotate_options = std::make_shared<IdpKeysRotateOptions>();
  auto* rotate = keys->add_subcommand(
      "rotate",
      "Sign with a new key; the old one stays in the JWKS until the tokens it signed have "
      "expired. A running server picks it up within 5 s." +
          admin_exit_codes());
  rotate->add_flag("--json", rotate_options->json, "Print {signing_key}");
  run_with_database(*rotate, rotate_options, database, context, exit_code);
}

void add_serve(CLI::App& idp, const Database& database, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<IdpServeOptions>();
  auto* serve = idp.add_subcommand(
      "serve",
      "Serve the partner API, JWKS and OpenID configuration until SIGINT/SIGTERM. Port 0 "
      "picks a free port; the first line printed is `listening on URL`." +
          exit_codes_help({{kExitOk, "stopped by a signal"},
                           {kExitFailed, "could not start (port taken, database unusable)"},
                           {kExitUsage}}));
  serve->add_option("--listen", options->listen, "HOST:PORT")->capture_default_str();
  serve->add_option("--issuer", options->issuer, "The iss claim (default: http://HOST:PORT)");
  serve->add_option("--threads", options->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve->add_option("--fault", options->faults,
                    "Fault injection, repeatable: 'PATH latency=MS error=STATUS@RATE "
                    "retry_after=S drop=RATE malformed=RATE'. Off by default; logged when on.");
  serve->add_flag("--access-log", options->access_log,
                  "Log requests (method, path, status) to stderr");
  serve
      ->add_option("--overstate-expires-in", options->expires_in_overstatement_seconds,
                   "Needs --dev. Report ExpiresIn this many seconds longer than the access token "
                   "lives (its exp is unchanged): a lying server, to show clients that trust "
                   "ExpiresIn using expired tokens. Logged loudly.")
      ->check(CLI::Range(0, 10 * 365 * 24 * 3600));
  run_with_database(*serve, options, database, context, exit_code);
}

}  // namespace

void add_idp_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto database = std::make_shared<IdpDatabaseOptions>();
  database->db_path = default_idp_db_path(context.env);
  auto* idp = add_command(app, "idp", "The embedded Cognito-compatible auth server",
                          "The embedded Cognito-compatible auth server: `init`, `user`, `client`, "
                          "`revoke` and `keys` administer its database, `serve` runs it." +
                              admin_exit_codes());
  idp->require_subcommand(1);
  idp->fallthrough();
  idp->add_option("--db", database->db_path, "The idp's SQLite file")->capture_default_str();
  idp->add_flag("--dev", database->dev, "Allow token lifetimes in seconds (tests, demos)");
  add_init(*idp, database, context, exit_code);
  add_user_commands(*idp, database, context, exit_code);
  add_client_command(*idp, database, context, exit_code);
  add_revoke_and_keys(*idp, database, context, exit_code);
  add_serve(*idp, database, context, exit_code);
}

}  // namespace freshauth::cli
