#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace freshauth::sqlite {

// One kept statement and whether a Statement is using it.
struct CachedStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
};

// Prepared statements of one connection kept for reuse, keyed by their SQL: preparing costs more
// than running the small lookups the idp makes per request. A statement in use is not handed out
// twice (a second user of the same SQL gets its own, finalized after use), and at most kCapacity
// SQL texts are kept. Not thread-safe: used under the database's mutex, as Statement is.
class StatementCache {
 public:
  static constexpr std::size_t kCapacity = 64;

  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();  // finalizes every kept statement: before the connection closes
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  struct Lease {
    sqlite3_stmt* stmt = nullptr;     // null when the SQL does not prepare
    CachedStatement* kept = nullptr;  // give it back with release(); null: finalize it instead
  };
  Lease acquire(std::string_view sql);
  // Resets the statement and clears its bindings, so no value bound for one use reaches the next,
  // and ends the read a statement stopped at a row holds open.
  static void release(const Lease& lease);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement, Hash, std::equal_to<>> entries_;
};

}  // namespace freshauth::sqlite
