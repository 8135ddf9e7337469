#include "freshauth/stores/sqlite_session_table_store.h"

#include <sodium.h>

#include <chrono>
#include <string_view>

#include "freshauth/sqlite/database.h"
#include "freshauth/sqlite/statement.h"
#include "stores/session_json.h"

namespace freshauth {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS table_sessions(
  key TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, sealed BLOB NOT NULL)
  WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS table_sessions_by_created_at ON table_sessions(created_at_ms);
)sql";

// A sealed row: format byte, nonce, then the session's JSON with its tag.
constexpr unsigned char kFormat = 1;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kHeader = 1 + kNonceSize;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;

std::int64_t to_epoch_ms(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::milliseconds{ms})};
}

// What the seal is bound to besides the key: the row's key and creation time.
std::string associated_data(std::string_view key, std::int64_t created_at_ms) {
  std::string data = "freshauth table session v1";
  data.push_back('\0');
  data += key;
  data.push_back('\0');
  data += std::to_string(created_at_ms);
  return data;
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

class Wiped {
 public:
  explicit Wiped(std::string text) : text_(std::move(text)) {}
  ~Wiped() { sodium_memzero(text_.data(), text_.size()); }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  std::string& get() { return text_; }

 private:
  std::string text_;
};

std::string seal(const Session& session, std::string_view key, std::int64_t created_at_ms,
                 const EncryptionKey& encryption_key) {
  Wiped plain{detail::session_to_json(session)};
  const std::string data = associated_data(key, created_at_ms);
  std::string sealed(kHeader + plain.get().size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kFormat;
  randombytes_buf(out + 1, kNonceSize);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeader, &sealed_size, bytes(plain.get()),
                                             plain.get().size(), bytes(data), data.size(), nullptr,
                                             out + 1, encryption_key.data());
  sealed.resize(kHeader + sealed_size);
  return sealed;
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
  const std::string sealed = seal(session, key, created_at_ms, key_);
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
  const std::string origin = path_.string() + " (a session table row)";
  const auto skip = [&](Row& row, std::string why) {
    loaded.skipped.push_back({std::move(row.key), Error{Errc::storage,
                                                        "a session in " + path_.string() +
                                                            " was skipped: " + std::move(why),
                                                        {}}});
  };
  for (Row& row : rows) {
    const std::string_view sealed = row.sealed;
    if (sealed.size() < kHeader + kTagSize || bytes(sealed)[0] != kFormat) {
      skip(row, "not a sealed session (truncated, or written by another version of freshauth)");
      continue;
    }
    const std::string data = associated_data(row.key, row.created_at_ms);
    Wiped plain{std::string(sealed.size() - kHeader - kTagSize, '\0')};
    unsigned long long plain_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.get().data()), &plain_size, nullptr,
            bytes(sealed) + kHeader, sealed.size() - kHeader, bytes(data), data.size(),
            bytes(sealed) + 1, key_.data()) != 0) {
      skip(row, "it does not decrypt with the key from " + key_.origin() +
                    " (another key, or the row was modified or moved to another key)");
      continue;
    }
    auto session =
        detail::session_from_json(std::string_view{plain.get()}.substr(0, plain_size), origin);
    if (!session) {
      skip(row, session.error().message);
      continue;
    }
    loaded.sessions.push_back(
        {std::move(row.key), std::move(*session), from_epoch_ms(row.created_at_ms)});
  }
  return loaded;
}

}  // namespace freshauth
