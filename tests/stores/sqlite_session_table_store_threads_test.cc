#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "freshauth/core/session_table.h"
#include "freshauth/stores/sqlite_session_table_store.h"
#include "stores/sample_sessions.h"
#include "support/fake_authenticator.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;
using testing::sample_session;
using testing::TempDir;

class SqliteSessionTableStoreThreadsTest : public ::testing::Test {
 protected:
  std::shared_ptr<SqliteSessionTableStore> open() {
    auto store = SqliteSessionTableStore::open(dir_ / "sessions.db", key_);
    EXPECT_TRUE(store.ok()) << store.error().describe();
    return store.ok() ? *store : nullptr;
  }

  TempDir dir_;
  EncryptionKey key_ = EncryptionKey::generate();
};

TEST_F(SqliteSessionTableStoreThreadsTest, ThreadsSaveAndEraseAtOnce) {
  auto store = open();
  constexpr int kThreads = 8;
  constexpr int kSaves = 40;
  const TimePoint created = TimePoint{seconds{1'700'000'000}};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, created, t] {
      for (int n = 0; n < kSaves; ++n) {
        const std::string own = "t" + std::to_string(t) + "-" + std::to_string(n);
        EXPECT_TRUE(store->save(own, sample_session(n + 1), created).ok());
        EXPECT_TRUE(store->save("shared", sample_session(t + 1), created).ok());
        if (n % 2 == 1) {
          EXPECT_TRUE(store->erase(own).ok());
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();

  auto loaded = store->load_all();
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_TRUE(loaded->skipped.empty());
  std::set<std::string> keys;
  for (const auto& stored : loaded->sessions) keys.insert(stored.key);
  EXPECT_EQ(keys.size(), 1u + kThreads * kSaves / 2);
  EXPECT_TRUE(keys.contains("shared"));
  EXPECT_TRUE(keys.contains("t3-0"));
  EXPECT_FALSE(keys.contains("t3-1"));
}

// A gateway's restart: the table goes away, a new one is filled from the file.
TEST_F(SqliteSessionTableStoreThreadsTest, ATableRestoredFromTheFileCarriesOn) {
  auto clock = std::make_shared<ManualClock>();
  auto auth = std::make_shared<FakeAuthenticator>(*clock);
  auth->rotate_refresh_token = true;
  SessionTableOptions options;
  options.clock = clock;
  options.refresh_ahead = false;  // refreshes only when asked: the test says when
  options.random_seed = 7;

  std::uint64_t refreshed_generation = 0;
  std::uint64_t untouched_generation = 0;
  {
    options.store = open();
    SessionTable table{auth, options};
    for (const char* key : {"refreshed", "untouched"}) {
      auto grant = auth->sign_in({"alice", "correct horse"});
      ASSERT_TRUE(grant.ok());
      auto adopted =
          table.adopt(key, std::get<TokenGrant>(*grant), clock->now(), {"partner-7", {}, {}});
      ASSERT_TRUE(adopted.ok()) << adopted.error().describe();
      untouched_generation = adopted->generation();
    }
    clock->advance(minutes{59} + seconds{45});  // in the hard window
    auto refreshed = table.acquire("refreshed");
    ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
    refreshed_generation = refreshed->generation();
    ASSERT_EQ(auth->refreshes.load(), 1);
  }

  auto store = open();
  auto loaded = store->load_all();
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  ASSERT_EQ(loaded->sessions.size(), 2u);
  options.store = store;
  SessionTable table{auth, options};
  std::string saved_refresh_token;
  for (auto& stored : loaded->sessions) {
    if (stored.key == "refreshed") saved_refresh_token = stored.session.refresh_token;
    table.restore(stored.key, std::move(stored.session), stored.created_at);
  }
  EXPECT_EQ(saved_refresh_token.rfind("rotated-", 0), 0u) << "the refresh's rotated token";
  ASSERT_TRUE(table.status("untouched").has_value());
  EXPECT_EQ(table.status("untouched")->generation, untouched_generation);
  auto refreshed = table.acquire("refreshed");
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_EQ(refreshed->generation(), refreshed_generation);
  EXPECT_EQ(refreshed->partner_id(), "partner-7");
  EXPECT_EQ(auth->refreshes.load(), 1) << "the restored access token is still fresh";

  clock->advance(minutes{59} + seconds{45});
  auto again = table.acquire("refreshed");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_GT(again->generation(), refreshed_generation);
  EXPECT_EQ(auth->last_refresh_token(), saved_refresh_token);
}

}  // namespace
}  // namespace freshauth
