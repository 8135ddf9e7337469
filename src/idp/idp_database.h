#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "freshauth/core/error.h"

struct sqlite3;

namespace freshauth::idp {

// The idp's SQLite file (WAL mode, mode 0600, schema created on open). One connection shared by
// the threads of the server; statements run under mutex().
class IdpDatabase {
 public:
  static Result<std::shared_ptr<IdpDatabase>> open(const std::filesystem::path& path);
  ~IdpDatabase();
  IdpDatabase(const IdpDatabase&) = delete;
  IdpDatabase& operator=(const IdpDatabase&) = delete;

  sqlite3* handle() const { return db_; }
  std::mutex& mutex() const { return mutex_; }
  Result<void> exec(const std::string& sql);

 private:
  explicit IdpDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  mutable std::mutex mutex_;
};

}  // namespace freshauth::idp
