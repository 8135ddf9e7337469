#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace freshauth::sqlite {

class Database;
struct CachedStatement;

/// One prepared statement; binds by position (1-based), steps, reads columns (0-based). Callers
/// hold the database's mutex for the statement's lifetime. The database keeps the prepared form
/// of each SQL text for the next Statement with the same text; bindings never carry over.
class Statement {
 public:
  /// Not prepared() when the SQL is invalid or names what the schema lacks.
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool prepared() const { return stmt_ != nullptr; }

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view{text});
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view{text}); }
  Statement& bind(int index, std::int64_t number);
  Statement& bind(int index, const std::optional<std::string>& text);
  /// Bytes as a BLOB (bind() binds text).
  Statement& bind_blob(int index, std::string_view bytes);

  /// True while there is a row; false when done or on error (see ok()).
  bool step();
  bool ok() const;
  bool run() {
    step();
    return ok();
  }

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::string blob(int column) const;
  std::int64_t integer(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  CachedStatement* kept_ = nullptr;  // the database's entry, when the statement goes back there
  int last_ = 0;
};

}  // namespace freshauth::sqlite
