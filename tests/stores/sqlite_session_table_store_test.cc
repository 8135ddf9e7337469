#include "freshauth/stores/sqlite_session_table_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "freshauth/sqlite/database.h"
#include "freshauth/sqlite/statement.h"
#include "stores/sample_sessions.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using testing::read_file;
using testing::same_session;
using testing::sample_session;
using testing::TempDir;

const TimePoint kCreated{std::chrono::milliseconds{1'700'000'000'000}};

class SqliteSessionTableStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<SqliteSessionTableStore> open(const EncryptionKey& key) {
    auto store = SqliteSessionTableStore::open(path(), key);
    EXPECT_TRUE(store.ok()) << store.error().describe();
    return store.ok() ? *store : nullptr;
  }
  std::filesystem::path path() const { return dir_ / "sessions.db"; }
  LoadedTableSessions load(const SqliteSessionTableStore& store) {
    auto loaded = store.load_all();
    EXPECT_TRUE(loaded.ok()) << loaded.error().describe();
    return loaded.ok() ? *loaded : LoadedTableSessions{};
  }
  // Edits the file behind the store's back, as someone with access to it could.
  void edit(const std::string& sql) {
    auto db = sqlite::Database::open(path());
    ASSERT_TRUE(db.ok()) << db.error().describe();
    const std::lock_guard lock{(*db)->mutex()};
    ASSERT_TRUE(sqlite::Statement(**db, sql).run()) << (*db)->last_error();
  }
  // Every byte SQLite keeps for this database, whatever file it is in.
  std::string file_bytes() const {
    std::string bytes;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      bytes += read_file(path().string() + suffix);
    }
    return bytes;
  }

  TempDir dir_;
  EncryptionKey key_ = EncryptionKey::generate();
};

TEST_F(SqliteSessionTableStoreTest, SavedSessionsLoadAsTheyWere) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("a", sample_session(1), kCreated).ok());
  ASSERT_TRUE(store->save("b", sample_session(2), kCreated + hours{1}).ok());

  const auto loaded = load(*store);
  ASSERT_EQ(loaded.sessions.size(), 2u);
  EXPECT_TRUE(loaded.skipped.empty());
  EXPECT_EQ(loaded.sessions[0].key, "a");
  EXPECT_TRUE(same_session(loaded.sessions[0].session, sample_session(1)));
  EXPECT_EQ(loaded.sessions[0].created_at, kCreated);
  EXPECT_EQ(loaded.sessions[1].key, "b");
  EXPECT_TRUE(same_session(loaded.sessions[1].session, sample_session(2)));
  EXPECT_EQ(loaded.sessions[1].created_at, kCreated + hours{1});
}

TEST_F(SqliteSessionTableStoreTest, ASaveReplacesTheKeysRow) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("a", sample_session(1), kCreated).ok());
  ASSERT_TRUE(store->save("a", sample_session(3), kCreated).ok());

  const auto loaded = load(*store);
  ASSERT_EQ(loaded.sessions.size(), 1u);
  EXPECT_TRUE(same_session(loaded.sessions[0].session, sample_session(3)));
}

TEST_F(SqliteSessionTableStoreTest, EraseRemovesOnlyThatKey) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("a", sample_session(1), kCreated).ok());
  ASSERT_TRUE(store->save("b", sample_session(2), kCreated).ok());
  ASSERT_TRUE(store->erase("a").ok());
  EXPECT_TRUE(store->erase("never-saved").ok());

  const auto loaded = load(*store);
  ASSERT_EQ(loaded.sessions.size(), 1u);
  EXPECT_EQ(loaded.sessions[0].key, "b");
}

TEST_F(SqliteSessionTableStoreTest, RowsSurviveAReopen) {
  ASSERT_TRUE(open(key_)->save("a", sample_session(1), kCreated).ok());

  auto reopened = open(key_);
  const auto loaded = load(*reopened);
  ASSERT_EQ(loaded.sessions.size(), 1u);
  EXPECT_TRUE(same_session(loaded.sessions[0].session, sample_session(1)));
}

TEST_F(SqliteSessionTableStoreTest, AnotherKeySkipsTheRowsAndTheRestStillLoad) {
  ASSERT_TRUE(open(key_)->save("old", sample_session(1), kCreated).ok());

  auto store = open(EncryptionKey::generate());
  ASSERT_TRUE(store->save("new", sample_session(2), kCreated).ok());
  const auto loaded = load(*store);
  ASSERT_EQ(loaded.sessions.size(), 1u);
  EXPECT_EQ(loaded.sessions[0].key, "new");
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_EQ(loaded.skipped[0].key, "old");
  const Error& error = loaded.skipped[0].error;
  EXPECT_EQ(error.code, Errc::storage);
  EXPECT_NE(error.message.find("does not decrypt"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("refresh-secret"), std::string::npos) << error.message;
}

TEST_F(SqliteSessionTableStoreTest, ARowMovedToAnotherKeyDoesNotOpen) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("victim", sample_session(1), kCreated).ok());
  ASSERT_TRUE(store->save("attacker", sample_session(2), kCreated).ok());
  edit("DELETE FROM table_sessions WHERE key = 'attacker'");
  edit("UPDATE table_sessions SET key = 'attacker' WHERE key = 'victim'");

  const auto loaded = load(*store);
  EXPECT_TRUE(loaded.sessions.empty());
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_EQ(loaded.skipped[0].key, "attacker");
}

TEST_F(SqliteSessionTableStoreTest, AnEditedCreationTimeDoesNotOpen) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("a", sample_session(1), kCreated).ok());
  edit("UPDATE table_sessions SET created_at_ms = created_at_ms + 86400000");

  const auto loaded = load(*store);
  EXPECT_TRUE(loaded.sessions.empty());
  EXPECT_EQ(loaded.skipped.size(), 1u);
}

TEST_F(SqliteSessionTableStoreTest, AGarbledRowIsSkippedWithoutQuotingIt) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("a", sample_session(1), kCreated).ok());
  ASSERT_TRUE(store->save("b", sample_session(2), kCreated).ok());
  edit("UPDATE table_sessions SET sealed = x'01020304' WHERE key = 'a'");

  const auto loaded = load(*store);
  ASSERT_EQ(loaded.sessions.size(), 1u);
  EXPECT_EQ(loaded.sessions[0].key, "b");
  ASSERT_EQ(loaded.skipped.size(), 1u);
  EXPECT_NE(loaded.skipped[0].error.message.find("not a sealed session"), std::string::npos);
}

TEST_F(SqliteSessionTableStoreTest, NoTokenReachesTheFiles) {
  auto store = open(key_);
  for (int n = 1; n <= 4; ++n) {
    ASSERT_TRUE(store->save("k" + std::to_string(n % 2), sample_session(n), kCreated).ok());
  }
  ASSERT_TRUE(store->erase("k0").ok());
  const auto while_open = file_bytes();
  store.reset();  // closing checkpoints the WAL into the main file
  const auto closed = file_bytes();

  for (int n = 1; n <= 4; ++n) {
    const Session session = sample_session(n);
    for (const std::string& secret : {session.refresh_token, session.access_token, session.id_token,
                                      *session.device_key, session.partner_id}) {
      EXPECT_EQ(while_open.find(secret), std::string::npos) << secret;
      EXPECT_EQ(closed.find(secret), std::string::npos) << secret;
    }
  }
  EXPECT_NE(closed.find("k1"), std::string::npos) << "the row key is stored in the clear";
}

TEST_F(SqliteSessionTableStoreTest, TheFilesAreOnlyTheOwners) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("a", sample_session(1), kCreated).ok());
  EXPECT_EQ(testing::mode_of(path()), 0600u);
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path companion = path().string() + suffix;
    if (std::filesystem::exists(companion)) {
      EXPECT_EQ(testing::mode_of(companion), 0600u);
    }
  }
}

TEST_F(SqliteSessionTableStoreTest, OldSessionsCanBeErasedByCreationTime) {
  auto store = open(key_);
  ASSERT_TRUE(store->save("old", sample_session(1), kCreated).ok());
  ASSERT_TRUE(store->save("new", sample_session(2), kCreated + hours{2}).ok());

  auto erased = store->erase_created_before(kCreated + hours{1});
  ASSERT_TRUE(erased.ok());
  EXPECT_EQ(*erased, 1u);
  const auto loaded = load(*store);
  ASSERT_EQ(loaded.sessions.size(), 1u);
  EXPECT_EQ(loaded.sessions[0].key, "new");
}

TEST_F(SqliteSessionTableStoreTest, AnEmptyKeyIsRefused) {
  auto store = open(key_);
  auto saved = store->save("", sample_session(1), kCreated);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace freshauth
