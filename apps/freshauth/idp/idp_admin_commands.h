#pragma once

#include <string>
#include <vector>

#include "common/command_context.h"
#include "idp/idp_database_options.h"

// The idp's admin commands over its SQLite file. Each prints what it made; --json as an object.
namespace freshauth::cli {

struct IdpInitOptions {
  IdpDatabaseOptions database;
  bool json = false;
};
// Creates the database, a signing key and the partner app client.
int run(const IdpInitOptions& options, CommandContext& context);

struct IdpUserAddOptions {
  IdpDatabaseOptions database;
  std::string username;
  std::string mfa;  // "totp" or empty
  bool password_stdin = false;
  bool json = false;
};
int run(const IdpUserAddOptions& options, CommandContext& context);

struct IdpUserRemoveOptions {
  IdpDatabaseOptions database;
  std::string username;
};
int run(const IdpUserRemoveOptions& options, CommandContext& context);

struct IdpUserListOptions {
  IdpDatabaseOptions database;
  bool json = false;
};
int run(const IdpUserListOptions& options, CommandContext& context);

struct IdpClientAddOptions {
  IdpDatabaseOptions database;
  std::string name;
  bool generate_secret = false;
  std::vector<std::string> callback_urls;
  long access_lifetime = 3600, id_lifetime = 3600, refresh_lifetime = 30L * 24 * 3600;
  bool json = false;
};
int run(const IdpClientAddOptions& options, CommandContext& context);

struct IdpRevokeOptions {
  IdpDatabaseOptions database;
  std::string username;
  bool json = false;
};
int run(const IdpRevokeOptions& options, CommandContext& context);

struct IdpKeysRotateOptions {
  IdpDatabaseOptions database;
  bool json = false;
};
int run(const IdpKeysRotateOptions& options, CommandContext& context);

}  // namespace freshauth::cli
