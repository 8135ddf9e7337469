#include "idp/idp_admin_commands.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "common/exit_codes.h"
#include "common/password_prompt.h"
#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/totp.h"

namespace freshauth::cli {
namespace {

int fail(CommandContext& context, std::string_view command, const std::string& message,
         std::string_view next = {}) {
  context.err << "freshauth idp " << command << ": " << message;
  if (!next.empty()) context.err << ": " << next;
  context.err << "\n";
  return kExitFailed;
}

// Opens (creating) the database; nullopt after saying why, with `exit_code` set.
std::optional<idp::IdpAdmin> open_admin(CommandContext& context, std::string_view command,
                                        const IdpDatabaseOptions& options, int& exit_code) {
  const std::filesystem::path path{idp_db_path(options, context.env)};
  std::error_code ignored;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ignored);
  auto admin = idp::IdpAdmin::open(path, context.clock->now());
  if (!admin) {
    exit_code = fail(context, command, admin.error().message,
                     "check --db (" + path.string() + ") and its folder's permissions");
    return std::nullopt;
  }
  return std::move(*admin);
}

void print(CommandContext& context, const nlohmann::json& data) {
  context.out << data.dump(2) << "\n";
}

}  // namespace

int run(const IdpInitOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto admin = open_admin(context, "init", options.database, exit_code);
  if (!admin) return exit_code;
  if (!admin->partner_client()) {
    auto added =
        admin->add_client({"partner", false, {}, {}}, options.database.dev, context.clock->now());
    if (!added) return fail(context, "init", added.error().message);
  }
  const std::string db = idp_db_path(options.database, context.env);
  const std::string client_id = admin->partner_client()->client_id;
  if (options.json) {
    print(context, {{"database", db}, {"partner_client_id", client_id}});
  } else {
    context.out << "database " << db << "\npartner client " << client_id << "\n";
  }
  return kExitOk;
}

int run(const IdpUserAddOptions& options, CommandContext& context) {
  auto password = read_password(context, options.password_stdin,
                                /*confirm=*/!options.password_stdin);
  if (!password || password->empty()) {
    context.err << "freshauth idp user add: no password: type it at the prompt, or pipe one line "
                   "with --password-stdin\n";
    return kExitUsage;
  }
  int exit_code = kExitOk;
  auto admin = open_admin(context, "user add", options.database, exit_code);
  if (!admin) return exit_code;
  auto added =
      admin->add_user({options.username, *password, options.mfa == "totp"}, context.clock->now());
  if (!added) return fail(context, "user add", added.error().message);
  std::optional<std::string> uri;
  if (added->totp_secret) uri = idp::otpauth_uri("freshauth", added->username, *added->totp_secret);
  if (options.json) {
    nlohmann::json data = {{"username", added->username}, {"sub", added->sub}};
    if (added->totp_secret) data["totp_secret"] = *added->totp_secret;
    if (uri) data["otpauth_uri"] = *uri;
    print(context, data);
    return kExitOk;
  }
  context.out << "added " << added->username << " (sub " << added->sub << ")\n";
  if (added->totp_secret)
    context.out << "totp secret " << *added->totp_secret << "\n" << *uri << "\n";
  return kExitOk;
}

int run(const IdpUserRemoveOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto admin = open_admin(context, "user remove", options.database, exit_code);
  if (!admin) return exit_code;
  if (auto removed = admin->remove_user(options.username); !removed) {
    return fail(context, "user remove", removed.error().message,
                "`freshauth idp user list` shows the users");
  }
  return kExitOk;
}

int run(const IdpUserListOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto admin = open_admin(context, "user list", options.database, exit_code);
  if (!admin) return exit_code;
  nlohmann::json users = nlohmann::json::array();
  for (const auto& each : admin->users()) {
    if (options.json) {
      users.push_back({{"username", each.username},
                       {"sub", each.sub},
                       {"mfa", each.totp_secret ? "totp" : "none"}});
    } else {
      context.out << each.username << "\t" << each.sub << "\t" << (each.totp_secret ? "totp" : "-")
                  << "\n";
    }
  }
  if (options.json) print(context, users);
  return kExitOk;
}

int run(const IdpClientAddOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto admin = open_admin(context, "client add", options.database, exit_code);
  if (!admin) return exit_code;
  const idp::NewAppClient client{
      options.name,
      options.generate_secret,
      options.callback_urls,
      {std::chrono::seconds{options.access_lifetime}, std::chrono::seconds{options.id_lifetime},
       std::chrono::seconds{options.refresh_lifetime}}};
  auto added = admin->add_client(client, options.database.dev, context.clock->now());
  if (!added) {
    return fail(context, "client add", added.error().message,
                options.database.dev ? "" : "shorter lifetimes need `freshauth idp --dev`");
  }
  if (options.json) {
    nlohmann::json data = {{"client_id", added->client_id}};
    if (added->secret) data["client_secret"] = *added->secret;
    print(context, data);
    return kExitOk;
  }
  context.out << "client id " << added->client_id << "\n";
  if (added->secret) context.out << "client secret " << *added->secret << "\n";
  return kExitOk;
}

int run(const IdpRevokeOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto admin = open_admin(context, "revoke", options.database, exit_code);
  if (!admin) return exit_code;
  const int revoked = admin->revoke_sessions(options.username);
  if (options.json) {
    print(context, {{"username", options.username}, {"revoked_refresh_tokens", revoked}});
  } else {
    context.out << "revoked " << revoked << " refresh tokens\n";
  }
  return kExitOk;
}

int run(const IdpKeysRotateOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto admin = open_admin(context, "keys rotate", options.database, exit_code);
  if (!admin) return exit_code;
  auto kid = admin->rotate_signing_key(context.clock->now());
  if (!kid) return fail(context, "keys rotate", kid.error().message);
  if (options.json) {
    print(context, {{"signing_key", *kid}});
  } else {
    context.out << "signing with key " << *kid << "\n";
  }
  return kExitOk;
}

}  // namespace freshauth::cli
