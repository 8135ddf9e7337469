#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/core/session.h"
#include "freshauth/core/session_table_store.h"
#include "freshauth/stores/encryption_key.h"
#include "freshauth/stores/loaded_table_sessions.h"

namespace freshauth {

namespace sqlite {
class Database;
}

/// A SessionTable's sessions in one SQLite file (created 0600), a row per key. Each session is
/// sealed with XChaCha20-Poly1305 under `key` with a fresh random nonce per save, bound to its row
/// key and creation time: a row copied under another key, or with its time edited, does not open.
/// Only the row key and the creation time are stored in the clear. Safe to call from any thread.
class SqliteSessionTableStore final : public SessionTableStore {
 public:
  static Result<std::shared_ptr<SqliteSessionTableStore>> open(const std::filesystem::path& path,
                                                               const EncryptionKey& key);
  ~SqliteSessionTableStore() override;
  SqliteSessionTableStore(const SqliteSessionTableStore&) = delete;
  SqliteSessionTableStore& operator=(const SqliteSessionTableStore&) = delete;

  /// Inserts or replaces the row in one statement; on disk when this returns.
  Result<void> save(const std::string& key, const Session& session, TimePoint created_at) override;
  Result<void> erase(const std::string& key) override;

  /// Every row, to restore at start. A row that does not decrypt (another key, a modified or
  /// moved row) or parse is skipped and reported; the others still load.
  Result<LoadedTableSessions> load_all() const;
  /// Removes the rows of sessions created before `cutoff` (past an absolute timeout, say);
  /// how many.
  Result<std::size_t> erase_created_before(TimePoint cutoff);

 private:
  SqliteSessionTableStore(std::shared_ptr<sqlite::Database> db, std::filesystem::path path,
                          const EncryptionKey& key);

  std::shared_ptr<sqlite::Database> db_;
  std::filesystem::path path_;
  EncryptionKey key_;
};

}  // namespace freshauth
