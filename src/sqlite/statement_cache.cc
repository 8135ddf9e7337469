#include "sqlite/statement_cache.h"

#include <sqlite3.h>

namespace freshauth::sqlite {
namespace {

sqlite3_stmt* prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(stmt);
    return nullptr;
  }
  return stmt;
}

}  // namespace

StatementCache::~StatementCache() {
  for (auto& [sql, entry] : entries_) sqlite3_finalize(entry.stmt);
}

StatementCache::Lease StatementCache::acquire(std::string_view sql) {
  if (const auto it = entries_.find(sql); it != entries_.end()) {
    if (it->second.in_use) return {prepare(db_, sql), nullptr};
    it->second.in_use = true;
    return {it->second.stmt, &it->second};
  }
  sqlite3_stmt* stmt = prepare(db_, sql);
  if (stmt == nullptr || entries_.size() >= kCapacity) return {stmt, nullptr};
  CachedStatement& entry =
      entries_.emplace(std::string{sql}, CachedStatement{stmt, true}).first->second;
  return {stmt, &entry};  // elements of an unordered_map stay where they are
}

void StatementCache::release(const Lease& lease) {
  if (lease.kept == nullptr) {
    sqlite3_finalize(lease.stmt);
    return;
  }
  sqlite3_reset(lease.stmt);
  sqlite3_clear_bindings(lease.stmt);
  lease.kept->in_use = false;
}

}  // namespace freshauth::sqlite
