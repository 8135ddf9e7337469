#include "idp/idp_database.h"

#include <sqlite3.h>

#include "freshauth/platform/private_file.h"

namespace freshauth::idp {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA busy_timeout=5000;
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

// The file holds password hashes and private keys: create it (and its WAL/SHM companions) 0600
// before SQLite does so with the umask's mode.
Result<void> create_private(const std::string& path) {
  for (const std::string suffix : {"", "-wal", "-shm"}) {
    if (auto created = platform::create_private_file(path + suffix); !created) return created;
  }
  return {};
}

bool has_origin_jti(sqlite3* db) {
  sqlite3_stmt* probe = nullptr;
  const bool present = sqlite3_prepare_v2(db, "SELECT origin_jti FROM refresh_tokens LIMIT 0", -1,
                                          &probe, nullptr) == SQLITE_OK;
  sqlite3_finalize(probe);
  return present;
}

// Files written before access tokens carried their session's origin_jti get the column; their
// sessions get an id now, so the access tokens minted from them from now on can be introspected.
// Another process may be adding it at the same time: the column being there is what counts.
Result<void> add_origin_jti(IdpDatabase& database) {
  if (!has_origin_jti(database.handle())) {
    const auto added = database.exec(
        "ALTER TABLE refresh_tokens ADD COLUMN origin_jti TEXT;"
        "UPDATE refresh_tokens SET origin_jti = lower(hex(randomblob(16))) "
        "WHERE origin_jti IS NULL;");
    if (!added && !has_origin_jti(database.handle())) return added.error();
  }
  return database.exec(
      "CREATE INDEX IF NOT EXISTS refresh_tokens_by_origin ON refresh_tokens(origin_jti);");
}

}  // namespace

Result<std::shared_ptr<IdpDatabase>> IdpDatabase::open(const std::filesystem::path& path) {
  if (auto created = create_private(path.string()); !created) return created.error();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return Error{Errc::storage, "cannot open the idp database " + path.string(), {}};
  }
  std::shared_ptr<IdpDatabase> database{new IdpDatabase(db)};
  if (auto created = database->exec(kSchema); !created) return created.error();
  if (auto migrated = add_origin_jti(*database); !migrated) return migrated.error();
  return database;
}

IdpDatabase::~IdpDatabase() { sqlite3_close(db_); }

Result<void> IdpDatabase::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Error{Errc::storage, "idp database: " + what, {}};
  }
  return {};
}

}  // namespace freshauth::idp
