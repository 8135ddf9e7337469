#include "freshauth/sqlite/statement.h"

#include <sqlite3.h>

#include "freshauth/sqlite/database.h"
#include "sqlite/statement_cache.h"

namespace freshauth::sqlite {

Statement::Statement(const Database& db, std::string_view sql) {
  const StatementCache::Lease lease = db.statements_->acquire(sql);
  stmt_ = lease.stmt;
  kept_ = lease.kept;
}

Statement::~Statement() {
  if (stmt_ != nullptr) StatementCache::release({stmt_, kept_});
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
  sqlite3_bind_int64(stmt_, index, number);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  if (text) return bind(index, std::string_view{*text});
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

bool Statement::step() {
  if (stmt_ == nullptr) return false;
  last_ = sqlite3_step(stmt_);
  return last_ == SQLITE_ROW;
}

bool Statement::ok() const {
  return stmt_ != nullptr && (last_ == SQLITE_DONE || last_ == SQLITE_ROW);
}

std::string Statement::text(int column) const {
  const auto* value = sqlite3_column_text(stmt_, column);
  if (value == nullptr) return {};
  return {reinterpret_cast<const char*>(value),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::string Statement::blob(int column) const {
  const void* value = sqlite3_column_blob(stmt_, column);
  if (value == nullptr) return {};
  return {static_cast<const char*>(value),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

}  // namespace freshauth::sqlite
