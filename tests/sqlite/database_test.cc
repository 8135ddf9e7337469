#include "freshauth/sqlite/database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "freshauth/sqlite/statement.h"
#include "freshauth/sqlite/transaction.h"
#include "support/temp_dir.h"

namespace freshauth::sqlite {
namespace {

using testing::TempDir;

class DatabaseTest : public ::testing::Test {
 protected:
  std::shared_ptr<Database> open(DatabaseOptions options = {}) {
    auto db = Database::open(dir_ / "test.db", std::move(options));
    EXPECT_TRUE(db.ok()) << db.error().describe();
    return db.ok() ? *db : nullptr;
  }
  static std::string pragma(const Database& db, const std::string& name) {
    Statement query{db, "PRAGMA " + name};
    return query.step() ? query.text(0) : "";
  }
  static std::int64_t count(const Database& db) {
    Statement query{db, "SELECT count(*) FROM t"};
    return query.step() ? query.integer(0) : -1;
  }

  TempDir dir_;
};

TEST_F(DatabaseTest, ANewFileIsTheOwnersOnlyWithItsCompanions) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER)").ok());
  EXPECT_EQ(testing::mode_of(dir_ / "test.db"), 0600u);
  EXPECT_EQ(testing::mode_of(dir_ / "test.db-wal"), 0600u);
  EXPECT_EQ(testing::mode_of(dir_ / "test.db-shm"), 0600u);
}

TEST_F(DatabaseTest, OpensInWalWithForeignKeysAndTheAskedDurability) {
  auto db = open({.name = "the test database", .durable_commits = true});
  EXPECT_EQ(pragma(*db, "journal_mode"), "wal");
  EXPECT_EQ(pragma(*db, "foreign_keys"), "1");
  EXPECT_EQ(pragma(*db, "synchronous"), "2") << "FULL";
  EXPECT_EQ(pragma(*db, "busy_timeout"), "5000");
  auto relaxed = Database::open(dir_ / "other.db");
  ASSERT_TRUE(relaxed.ok());
  EXPECT_EQ(pragma(**relaxed, "synchronous"), "1") << "NORMAL";
}

TEST_F(DatabaseTest, ErrorsNameTheDatabase) {
  auto db = open({.name = "the test database"});
  auto failed = db->exec("NOT SQL");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::storage);
  EXPECT_EQ(failed.error().message.rfind("the test database: ", 0), 0u) << failed.error().message;
}

TEST_F(DatabaseTest, StatementsBindAndReadTextNumbersNullsAndBlobs) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE r(s TEXT, n INTEGER, o TEXT, b BLOB)").ok());
  const std::string bytes{"\0\1\2zero", 7};
  ASSERT_TRUE(Statement(*db, "INSERT INTO r VALUES(?, ?, ?, ?)")
                  .bind(1, "text")
                  .bind(2, std::int64_t{42})
                  .bind(3, std::optional<std::string>{})
                  .bind_blob(4, bytes)
                  .run());
  EXPECT_EQ(db->changes(), 1);
  Statement query{*db, "SELECT s, n, o, b FROM r"};
  ASSERT_TRUE(query.step());
  EXPECT_EQ(query.text(0), "text");
  EXPECT_EQ(query.integer(1), 42);
  EXPECT_EQ(query.optional_text(2), std::nullopt);
  EXPECT_EQ(query.blob(3), bytes);
  EXPECT_FALSE(query.step());
  EXPECT_TRUE(query.ok());
  EXPECT_FALSE(Statement(*db, "SELECT nothing FROM nowhere").prepared());
}

TEST_F(DatabaseTest, ATransactionCommitsOrRollsBack) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER)").ok());
  {
    auto transaction = Transaction::begin(*db);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(db->exec("INSERT INTO t VALUES(1)").ok());
  }
  EXPECT_EQ(count(*db), 0) << "rolled back when dropped";
  {
    auto transaction = Transaction::begin(*db);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(db->exec("INSERT INTO t VALUES(1)").ok());
    ASSERT_TRUE(transaction->commit().ok());
  }
  EXPECT_EQ(count(*db), 1);
}

TEST_F(DatabaseTest, AReusedStatementStartsOverWithNothingBound) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES(1), (2), (3)").ok());
  {
    Statement first{*db, "SELECT x FROM t WHERE x >= ? ORDER BY x"};
    ASSERT_TRUE(first.bind(1, std::int64_t{2}).step());
    EXPECT_EQ(first.integer(0), 2);  // dropped with a row left
  }
  Statement again{*db, "SELECT x FROM t WHERE x >= ? ORDER BY x"};
  EXPECT_FALSE(again.step()) << "x >= NULL matches nothing: the 2 bound before is gone";
  EXPECT_TRUE(again.ok());
}

TEST_F(DatabaseTest, TheSameSqlTwiceAtOnceGivesTwoStatements) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES(1), (2)").ok());
  const char* sql = "SELECT x FROM t ORDER BY x";
  Statement outer{*db, sql};
  std::vector<std::int64_t> pairs;
  while (outer.step()) {
    Statement inner{*db, sql};
    while (inner.step()) pairs.push_back(outer.integer(0) * 10 + inner.integer(0));
  }
  EXPECT_EQ(pairs, (std::vector<std::int64_t>{11, 12, 21, 22}));
}

TEST_F(DatabaseTest, AReusedStatementSeesWhatAnotherConnectionWrote) {
  auto db = open();
  ASSERT_TRUE(db->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES(1), (2)").ok());
  {
    Statement query{*db, "SELECT x FROM t"};
    ASSERT_TRUE(query.step());  // a read left open would keep seeing the old snapshot
  }
  auto other = Database::open(dir_ / "test.db");
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->exec("INSERT INTO t VALUES(3)").ok());
  EXPECT_EQ(count(*db), 3);
  Statement query{*db, "SELECT x FROM t"};
  int rows = 0;
  while (query.step()) ++rows;
  EXPECT_EQ(rows, 3);
}

TEST_F(DatabaseTest, MoreSqlTextsThanAreKeptStillRun) {
  auto db = open();
  for (int i = 0; i < 200; ++i) {
    Statement query{*db, "SELECT " + std::to_string(i)};
    ASSERT_TRUE(query.step());
    EXPECT_EQ(query.integer(0), i);
  }
  for (int i = 199; i >= 0; --i) {
    Statement query{*db, "SELECT " + std::to_string(i)};
    ASSERT_TRUE(query.step());
    EXPECT_EQ(query.integer(0), i);
  }
}

}  // namespace
}  // namespace freshauth::sqlite
