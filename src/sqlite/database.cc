#include "freshauth/sqlite/database.h"

#include <sqlite3.h>

#include "freshauth/platform/private_file.h"
#include "sqlite/statement_cache.h"

namespace freshauth::sqlite {
namespace {

// The file may hold credentials: create it (and its WAL/SHM companions) 0600 before SQLite does
// so with the umask's mode.
Result<void> create_private(const std::string& path) {
  for (const std::string suffix : {"", "-wal", "-shm"}) {
    if (auto created = platform::create_private_file(path + suffix); !created) return created;
  }
  return {};
}

std::string pragmas(const DatabaseOptions& options) {
  // The busy timeout first: switching to WAL waits for other processes holding the file.
  return "PRAGMA busy_timeout=" + std::to_string(options.busy_timeout.count()) +
         ";PRAGMA journal_mode=WAL;PRAGMA synchronous=" +
         (options.durable_commits ? "FULL" : "NORMAL") + ";PRAGMA foreign_keys=ON;";
}

}  // namespace

Result<std::shared_ptr<Database>> Database::open(const std::filesystem::path& path,
                                                 DatabaseOptions options) {
  if (auto created = create_private(path.string()); !created) return created.error();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{
        Errc::storage, "cannot open " + options.name + " " + path.string() + ": " + why, {}};
  }
  std::shared_ptr<Database> database{new Database(db, std::move(options.name))};
  if (auto set = database->exec(pragmas(options)); !set) return set.error();
  return database;
}

Database::Database(sqlite3* db, std::string name)
    : db_(db), name_(std::move(name)), statements_(std::make_unique<StatementCache>(db)) {}

Database::~Database() {
  statements_.reset();  // SQLite does not close a connection with statements left
  sqlite3_close(db_);
}

Result<void> Database::exec(std::string_view sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, std::string{sql}.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return error(what);
  }
  return {};
}

int Database::changes() const { return sqlite3_changes(db_); }

std::string Database::last_error() const { return sqlite3_errmsg(db_); }

Error Database::error(std::string_view what) const {
  return Error{Errc::storage, name_ + ": " + std::string{what}, {}};
}

}  // namespace freshauth::sqlite
