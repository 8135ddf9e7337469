// `freshauth idp`: admin commands over the idp's SQLite file, and `serve`.
#include "idp/idp_command.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "common/command_help.h"
#include "idp/idp_storage.h"
#include "idp/totp.h"
#include "idp/idp_serve_command.h"
#include "common/password_prompt.h"

namespace freshauth::cli {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr const char* kExitCodes = "\nExit codes: 0 success; 1 the command failed; 2 usage error.";

std::string default_db_path() {
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0') {
    return std::string{data} + "/freshauth/idp.db";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string{home} + "/.local/share/freshauth/idp.db";
  }
  return "freshauth-idp.db";
}

struct Common {
  std::string db_path = default_db_path();
  bool dev = false;
};

std::optional<idp::IdpStorage> open_storage(const Common& common) {
  const std::filesystem::path path{common.db_path};
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  auto storage = idp::IdpStorage::open(path, SystemClock{}.now());
  if (!storage) {
    std::cerr << "freshauth idp: " << storage.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*storage);
}

int fail(const Error& error) {
  std::cerr << "freshauth idp: " << error.message << "\n";
  return kExitFailed;
}

void add_init(CLI::App& idp, Common& common, int& exit_code) {
  auto* init = idp.add_subcommand(
      "init",
      std::string{"Create the database, a signing key and the partner app client."} + kExitCodes);
  init->callback([&common, &exit_code] {
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    if (!storage->clients->partner_client()) {
      auto added =
          storage->clients->add({"partner", false, {}, {}}, common.dev, SystemClock{}.now());
      if (!added) return void(exit_code = fail(added.error()));
    }
    std::cout << "database " << common.db_path << "\npartner client "
              << storage->clients->partner_client()->client_id << "\n";
  });
}

void add_user_commands(CLI::App& idp, Common& common, int& exit_code) {
  auto* user = idp.add_subcommand("user", std::string{"Manage users."} + kExitCodes);
  user->require_subcommand(1);

  struct AddOptions {
    std::string username, mfa;
    bool password_stdin = false;
  };
  auto options = std::make_shared<AddOptions>();
  auto* add = user->add_subcommand(
      "add", std::string{"Add a user. The password is read without echo from the terminal, or "
                         "with --password-stdin from one line of stdin; never from argv."} +
                 kExitCodes);
  add->add_option("username", options->username, "User name")->required();
  add->add_option("--mfa", options->mfa,
                  "Second factor: totp (prints the secret and an otpauth URI)")
      ->check(CLI::IsMember({"totp"}));
  add->add_flag("--password-stdin", options->password_stdin, "Read the password from stdin");
  add->callback([&common, &exit_code, options] {
    auto password = read_password(options->password_stdin, /*confirm=*/!options->password_stdin);
    if (!password) return void(exit_code = kExitUsage);
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    auto added = storage->users->add({options->username, *password, options->mfa == "totp"},
                                     SystemClock{}.now());
    if (!added) return void(exit_code = fail(added.error()));
    std::cout << "added " << added->username << " (sub " << added->sub << ")\n";
    if (added->totp_secret) {
      std::cout << "totp secret " << *added->totp_secret << "\n"
                << idp::otpauth_uri("freshauth", added->username, *added->totp_secret) << "\n";
    }
  });

  auto username = std::make_shared<std::string>();
  auto* remove = user->add_subcommand(
      "remove", std::string{"Remove a user and revoke their refresh tokens."} + kExitCodes);
  remove->add_option("username", *username, "User name")->required();
  remove->callback([&common, &exit_code, username] {
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    if (auto removed = storage->users->remove(*username); !removed)
      exit_code = fail(removed.error());
  });

  auto* list =
      user->add_subcommand("list", std::string{"List users and whether MFA is on."} + kExitCodes);
  list->callback([&common, &exit_code] {
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    for (const auto& each : storage->users->list()) {
      std::cout << each.username << "\t" << each.sub << "\t" << (each.totp_secret ? "totp" : "-")
                << "\n";
    }
  });
}

void add_client_command(CLI::App& idp, Common& common, int& exit_code) {
  auto* client = idp.add_subcommand("client", std::string{"Manage app clients."} + kExitCodes);
  client->require_subcommand(1);
  struct AddOptions {
    idp::NewAppClient client;
    long access = 3600, id = 3600, refresh = 30L * 24 * 3600;
  };
  auto options = std::make_shared<AddOptions>();
  auto* add = client->add_subcommand(
      "add", std::string{"Add an app client. Lifetimes in seconds: access/id 300..86400, refresh "
                         "3600..315360000 (--dev: any, at least 1)."} +
                 kExitCodes);
  add->add_option("--name", options->client.name, "Display name");
  add->add_flag("--secret", options->client.generate_secret, "Generate a client secret");
  add->add_option("--callback", options->client.callback_urls, "Allowed redirect URI (repeatable)");
  add->add_option("--access-lifetime", options->access, "Access token lifetime, s")
      ->capture_default_str();
  add->add_option("--id-lifetime", options->id, "Id token lifetime, s")->capture_default_str();
  add->add_option("--refresh-lifetime", options->refresh, "Refresh token lifetime, s")
      ->capture_default_str();
  add->callback([&common, &exit_code, options] {
    options->client.lifetimes = {std::chrono::seconds{options->access},
                                 std::chrono::seconds{options->id},
                                 std::chrono::seconds{options->refresh}};
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    auto added = storage->clients->add(options->client, common.dev, SystemClock{}.now());
    if (!added) return void(exit_code = fail(added.error()));
    std::cout << "client id " << added->client_id << "\n";
    if (added->secret) std::cout << "client secret " << *added->secret << "\n";
  });
}

void add_revoke_and_keys(CLI::App& idp, Common& common, int& exit_code) {
  auto username = std::make_shared<std::string>();
  auto* revoke = idp.add_subcommand(
      "revoke",
      std::string{"Revoke every refresh token of a user (sign them out everywhere)."} + kExitCodes);
  revoke->add_option("--user", *username, "User name")->required();
  revoke->callback([&common, &exit_code, username] {
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    std::cout << "revoked " << storage->refresh_tokens->revoke_user(*username)
              << " refresh tokens\n";
  });

  auto* keys = idp.add_subcommand("keys", std::string{"Manage signing keys."} + kExitCodes);
  keys->require_subcommand(1);
  auto* rotate = keys->add_subcommand(
      "rotate", std::string{"Sign with a new key; the old one stays in the JWKS until the tokens "
                            "it signed have expired. A running server picks it up within 5 s."} +
                    kExitCodes);
  rotate->callback([&common, &exit_code] {
    auto storage = open_storage(common);
    if (!storage) return void(exit_code = kExitFailed);
    auto kid =
        storage->keys->rotate(SystemClock{}.now(), storage->clients->longest_token_lifetime());
    if (!kid) return void(exit_code = fail(kid.error()));
    std::cout << "signing with key " << *kid << "\n";
  });
}

void add_serve(CLI::App& idp, Common& common, int& exit_code) {
  auto options = std::make_shared<IdpServeOptions>();
  auto* serve = idp.add_subcommand(
      "serve",
      "Serve the partner API, JWKS and OpenID configuration until SIGINT/SIGTERM. Port 0 "
      "picks a free port; the first line printed is `listening on URL`.\n"
      "Exit codes: 0 stopped by a signal; 1 could not start; 2 usage error.");
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
  serve->callback([&common, &exit_code, options] {
    if (options->expires_in_overstatement_seconds != 0 && !common.dev) {
      std::cerr << "freshauth idp serve: --overstate-expires-in makes the server lie; it needs "
                   "--dev (freshauth idp --dev serve ...)\n";
      return void(exit_code = kExitUsage);
    }
    if (!open_storage(common)) return void(exit_code = kExitFailed);
    options->db_path = common.db_path;
    exit_code = run_idp_serve(*options);
  });
}

}  // namespace

void add_idp_command(CLI::App& app, int& exit_code) {
  static Common common;
  auto* idp = add_command(app, "idp", "The embedded Cognito-compatible auth server",
                          std::string{"The embedded Cognito-compatible auth server."} + kExitCodes);
  idp->require_subcommand(1);
  idp->fallthrough();
  idp->add_option("--db", common.db_path, "The idp's SQLite file")->capture_default_str();
  idp->add_flag("--dev", common.dev, "Allow token lifetimes in seconds (tests, demos)");
  add_init(*idp, common, exit_code);
  add_user_commands(*idp, common, exit_code);
  add_client_command(*idp, common, exit_code);
  add_revoke_and_keys(*idp, common, exit_code);
  add_serve(*idp, common, exit_code);
}

}  // namespace freshauth::cli
