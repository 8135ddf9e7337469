#include "freshauth/stores/sqlite_session_table_store.h"

#include <sodium.h>

#include <chrono>

#include "freshauth/sqlite/database.h"
#include "freshauth/sqlite/statement.h"
#include "stores/session_seal.h"

namespace freshauth {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS table_sessions(
  key TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, sealed BLOB NOT NULL)
  WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS table_sessions_by_created_at ON table_sessions(created_at_ms);
)sql";

std::int64_t to_epoch_ms(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::milliseconds{ms})};
}

struct Row {
  std::string key;
  std::int64_t created_at_ms = 0;
  std::string sealed;
};

}  // namespace

Result<std::shared_ptr<SqliteSessionTableStore>> SqliteSessionTableStore::open(
    const std::filesystem::path& path, const EncryptionKey& key) {
  if (sodium_init() < 0) {
    return Error{Errc::storage, "libsodium could not be initialized", {}};
  }
  // A rotated refresh token must survive a power cut once save() has returned.
  auto db =
      sqlite::Database::open(path, {.name = "the session table database", .durable_commits = true});
  if (!db) return db.error();
  if (auto created = (*db)->exec(kSchema); !created) return created.error();
  return std::shared_ptr<SqliteSessionTableStore>{
      new SqliteSessionTableStore(std::move(*db), path, key)};
}

SqliteSessionTableStore::SqliteSessionTableStore(std::shared_ptr<sqlite::Database> db,
                                                 std::filesystem::path path,
                                                 const EncryptionKey& key)
    : db_(std::move(db)), path_(std::move(path)), key_(key) {}

SqliteSessionTableStore::~SqliteSessionTableStore() = default;

Result<void> SqliteSessionTableStore::save(const std::string& key, const Session& session,
                                           TimePoint created_at) {
  if (key.empty()) return Error{Errc::invalid_argument, "a session needs a non-empty key", {}};
  const std::int64_t created_at_ms = to_epoch_ms(created_at);
  const std::string sealed = detail::seal_session(session, key, created_at_ms, key_);
  const std::lock_guard lock{db_->mutex()};
  sqlite::Statement upsert{*db_,
                           "INSERT INTO table_sessions(key, created_at_ms, sealed) VALUES(?, ?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET created_at_ms = excluded.created_at_ms, "
                           "sealed = excluded.sealed"};
  if (!upsert.bind(1, key).bind(2, created_at_ms).bind_blob(3, sealed).run()) {
    return db_->error("cannot save a session: " + db_->last_error());
  }
  return {};
}

Result<void> SqliteSessionTableStore::erase(const std::string& key) {
  const std::lock_guard lock{db_->mutex()};
  sqlite::Statement remove{*db_, "DELETE FROM table_sessions WHERE key = ?"};
  if (!remove.bind(1, key).run()) {
    return db_->error("cannot erase a session: " + db_->last_error());
  }
  return {};
}

Result<std::size_t> SqliteSessionTableStore::erase_created_before(TimePoint cutoff) {
  const std::lock_guard lock{db_->mutex()};
  sqlite::Statement remove{*db_, "DELETE FROM table_sessions WHERE created_at_ms < ?"};
  if (!remove.bind(1, to_epoch_ms(cutoff)).run()) {
    return db_->error("cannot erase old sessions: " + db_->last_error());
  }
  return static_cast<std::size_t>(db_->changes());
}

Result<LoadedTableSessions> SqliteSessionTableStore::load_all() const {
  std::vector<Row> rows;
  {
    const std::lock_guard lock{db_->mutex()};
    sqlite::Statement query{*db_,
                            "SELECT key, created_at_ms, sealed FROM table_sessions ORDER BY key"};
    while (query.step()) rows.push_back({query.text(0), query.integer(1), query.blob(2)});
    if (!query.ok()) return db_->error("cannot read the sessions: " + db_->last_error());
  }
  LoadedTableSessions loaded;
  for (Row& row : rows) {
    auto session =
        detail::open_session(row.sealed, row.key, row.created_at_ms, key_, path_.string());
    if (!session) {
      loaded.skipped.push_back({std::move(row.key), std::move(session.error())});
      continue;
    }
    loaded.sessions.push_back(
        {std::move(row.key), std::move(*session), from_epoch_ms(row.created_at_ms)});
  }
  return loaded;
}

}  // namespace freshauth
