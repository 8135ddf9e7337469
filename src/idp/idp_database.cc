#include "idp/idp_database.h"

#include "freshauth/sqlite/statement.h"

namespace freshauth::idp {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users(
  username TEXT PRIMARY KEY, sub TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
  totp_secret TEXT, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS clients(
  client_id TEXT PRIMARY KEY, name TEXT NOT NULL, secret TEXT, callback_urls TEXT NOT NULL,
  access_seconds INTEGER NOT NULL, id_seconds INTEGER NOT NULL, refresh_seconds INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refresh_tokens(
  token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, client_id TEXT NOT NULL,
  auth_time INTEGER NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
  device_key TEXT, device_group_key TEXT, revoked INTEGER NOT NULL DEFAULT 0, origin_jti TEXT);
CREATE INDEX IF NOT EXISTS refresh_tokens_by_user ON refresh_tokens(username);
CREATE TABLE IF NOT EXISTS signing_keys(
  kid TEXT PRIMARY KEY, private_pem TEXT NOT NULL, created_at INTEGER NOT NULL,
  retire_after INTEGER);
)sql";

bool has_origin_jti(const sqlite::Database& database) {
  return sqlite::Statement{database, "SELECT origin_jti FROM refresh_tokens LIMIT 0"}.prepared();
}

// Files written before access tokens carried their session's origin_jti get the column; their
// sessions get an id now, so the access tokens minted from them from now on can be introspected.
// Another process may be adding it at the same time: the column being there is what counts.
Result<void> add_origin_jti(sqlite::Database& database) {
  if (!has_origin_jti(database)) {
    const auto added = database.exec(
        "ALTER TABLE refresh_tokens ADD COLUMN origin_jti TEXT;"
        "UPDATE refresh_tokens SET origin_jti = lower(hex(randomblob(16))) "
        "WHERE origin_jti IS NULL;");
    if (!added && !has_origin_jti(database)) return added.error();
  }
  return database.exec(
      "CREATE INDEX IF NOT EXISTS refresh_tokens_by_origin ON refresh_tokens(origin_jti);");
}

}  // namespace

Result<std::shared_ptr<sqlite::Database>> open_idp_database(const std::filesystem::path& path) {
  // The file holds password hashes and private keys: sqlite::Database creates it 0600.
  auto database = sqlite::Database::open(path, {.name = "the idp database"});
  if (!database) return database.error();
  if (auto created = (*database)->exec(kSchema); !created) return created.error();
  if (auto migrated = add_origin_jti(**database); !migrated) return migrated.error();
  return database;
}

}  // namespace freshauth::idp
