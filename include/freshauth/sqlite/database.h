#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

struct sqlite3;

namespace freshauth::sqlite {

class StatementCache;

struct DatabaseOptions {
  /// Says what the file is in errors, e.g. "the idp database".
  std::string name = "database";
  /// How long a statement waits for another process's write lock before failing.
  std::chrono::milliseconds busy_timeout{5000};
  /// Off (synchronous=NORMAL): a crash of the process loses nothing, a power cut may lose the
  /// last commits. On (synchronous=FULL): every commit is on disk when it returns.
  bool durable_commits = false;
};

/// One SQLite file shared by the threads of a process: created with mode 0600 (with its WAL and
/// shared-memory companions) before SQLite would create it with the umask's, WAL journal, a busy
/// timeout and foreign keys on. The connection is not locked by SQLite: every caller holds
/// mutex() while it prepares, steps and reads statements (Statement, Transaction). Statements
/// are prepared once per SQL text and reused (see Statement).
class Database {
 public:
  static Result<std::shared_ptr<Database>> open(const std::filesystem::path& path,
                                                DatabaseOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  std::mutex& mutex() const { return mutex_; }
  const std::string& name() const { return name_; }

  /// Runs one or more statements without parameters (schema, pragmas); the caller holds mutex()
  /// unless no other thread can see this database yet.
  Result<void> exec(std::string_view sql);
  /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  int changes() const;
  /// SQLite's message for the last failure on this connection (never quotes bound values).
  std::string last_error() const;
  /// An Errc::storage error naming the database: "<name>: <what>".
  Error error(std::string_view what) const;

 private:
  Database(sqlite3* db, std::string name);
  friend class Statement;

  sqlite3* db_;
  std::string name_;
  mutable std::mutex mutex_;
  std::unique_ptr<StatementCache> statements_;  // guarded by mutex_; finalized before db_ closes
};

}  // namespace freshauth::sqlite
