#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/memory_shared_store.h"
#include "freshauth/core/session_table.h"
#include "freshauth/core/store_unavailable.h"
#include "support/fake_authenticator.h"
#include "support/wait_until.h"

// SessionTables as replicas of a fleet over a SharedSessionStore in memory: the table's side of
// the lease and fencing protocol, concurrently, without a Redis server (tests/fleet has those).
namespace freshauth::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class SessionTableSharedTest : public ::testing::Test {
 protected:
  SessionTable& replica(bool refresh_ahead = true) {
    SessionTableOptions options;
    options.clock = clock;
    options.store = store;
    options.refresh_ahead = refresh_ahead;
    options.lease_poll = std::chrono::milliseconds{1};
    options.lease_wait = std::chrono::seconds{60};
    tables.push_back(std::make_unique<SessionTable>(auth, options));
    return *tables.back();
  }
  void sign_in(SessionTable& table, const std::string& key) {
    TokenGrant grant;
    grant.access_token = make_access_token(clock->now(), hours{1}, key);
    grant.id_token = grant.access_token;
    grant.refresh_token = "refresh-" + key;
    grant.expires_in = hours{1};
    ASSERT_TRUE(table.adopt(key, grant, clock->now(), {}));
  }
  bool idle() {
    return wait_until([&] {
      for (const auto& table : tables) {
        if (table->refreshes_in_flight() != 0) return false;
      }
      return true;
    });
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<FakeAuthenticator> auth = std::make_shared<FakeAuthenticator>(*clock);
  std::shared_ptr<MemorySharedStore> store = std::make_shared<MemorySharedStore>();
  std::vector<std::unique_ptr<SessionTable>> tables;  // destroyed before what they use

  void TearDown() override { tables.clear(); }
};

TEST_F(SessionTableSharedTest,
       ThreeReplicasUnderConcurrentCallersRefreshEachSessionOncePerLifetime) {
  constexpr int kSessions = 20;
  for (int i = 0; i < 3; ++i) replica();
  for (int i = 0; i < kSessions; ++i) sign_in(*tables[i % 3], "s" + std::to_string(i));
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<long> answers{0};
  std::vector<std::jthread> callers;
  for (int t = 0; t < 3; ++t) {
    callers.emplace_back([&, t] {
      for (int i = t; !stop; i = (i + 7) % kSessions) {
        auto answer = tables[(i + t) % 3]->acquire("s" + std::to_string(i));
        if (!answer) ++failures;
        ++answers;
      }
    });
  }
  for (int step = 0; step < 3 * 12; ++step) {  // three hours, five minutes at a time
    clock->advance(minutes{5});
    const long before = answers;
    ASSERT_TRUE(wait_until([&] { return answers > before + 50; }));
  }
  stop = true;
  callers.clear();
  ASSERT_TRUE(idle());
  EXPECT_EQ(failures, 0);
  EXPECT_GE(auth->refreshes, kSessions * 3);
  EXPECT_LE(auth->refreshes, static_cast<int>(1.05 * kSessions * 3));
}

TEST_F(SessionTableSharedTest, AReplicaWithAnOlderCopyAdoptsTheNewerRecordWithoutRefreshing) {
  auto& first = replica(false);
  auto& second = replica(false);
  sign_in(first, "s");
  ASSERT_TRUE(second.acquire("s"));
  clock->advance(minutes{59} + seconds{45});
  auto refreshed = first.acquire("s");
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(auth->refreshes, 1);
  auto adopted = second.acquire("s");
  ASSERT_TRUE(adopted);
  EXPECT_EQ(adopted->access_token(), refreshed->access_token());
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionTableSharedTest, ALeaseHeldElsewhereIsWaitedForThenTakenOnceItExpires) {
  auto& table = replica(false);
  sign_in(table, "s");
  store->abandon_lease("s");
  clock->advance(minutes{59} + seconds{45});
  std::optional<Result<SessionSnapshot>> answer;
  std::mutex mutex;
  table.acquire("s", [&](Result<SessionSnapshot> result) {
    const std::lock_guard lock(mutex);
    answer = std::move(result);
  });
  EXPECT_TRUE(wait_until([&] { return store->leases_taken == 0 && table.refreshes_in_flight(); }));
  EXPECT_EQ(auth->refreshes, 0) << "nobody refreshes while another replica holds the lease";
  store->expire_lease("s");
  ASSERT_TRUE(wait_until([&] {
    const std::lock_guard lock(mutex);
    return answer.has_value();
  }));
  const std::lock_guard lock(mutex);
  ASSERT_TRUE(*answer) << answer->error().describe();
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionTableSharedTest, AnUnreachableStoreIsAStorageErrorAndNeverAnotherSession) {
  auto& first = replica(false);
  auto& second = replica(false);
  sign_in(first, "s");
  store->down = true;
  auto unseen = second.acquire("s");
  ASSERT_FALSE(unseen);
  EXPECT_TRUE(is_store_unavailable(unseen.error())) << unseen.error().describe();
  clock->advance(hours{1} + seconds{1});
  auto expired = first.acquire("s");
  ASSERT_FALSE(expired);
  EXPECT_TRUE(is_store_unavailable(expired.error())) << expired.error().describe();
  auto backing_off = first.acquire("s");
  ASSERT_FALSE(backing_off);
  EXPECT_TRUE(is_store_unavailable(backing_off.error())) << backing_off.error().describe();
  EXPECT_EQ(auth->refreshes, 0);
  store->down = false;
  clock->advance(minutes{1});
  EXPECT_TRUE(first.acquire("s"));
  EXPECT_TRUE(second.acquire("s"));
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionTableSharedTest, LookupStatusTellsAnUnreachableStoreFromNoSession) {
  auto& first = replica(false);
  auto& second = replica(false);
  sign_in(first, "s");
  store->down = true;
  auto unseen = second.lookup_status("s");
  ASSERT_FALSE(unseen);
  EXPECT_TRUE(is_store_unavailable(unseen.error())) << unseen.error().describe();
  EXPECT_FALSE(second.status("s").has_value()) << "status() keeps its older meaning: unknown";
  auto known = first.lookup_status("s");
  ASSERT_TRUE(known) << "a replica holding a fresh copy answers without the store";
  EXPECT_TRUE(known->has_value());
  store->down = false;
  auto found = second.lookup_status("s");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->generation, first.status("s")->generation);
  auto nobody = second.lookup_status("nobody");
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(nobody->has_value());
}

TEST_F(SessionTableSharedTest, ARejectedTokenEndsTheSessionOnlyIfNoReplicaSavedANewerOne) {
  auto& first = replica(false);
  sign_in(first, "s");
  clock->advance(minutes{59} + seconds{45});
  auth->fail_next({Errc::session_expired, "invalid_grant", {}});
  auto ended = first.acquire("s");
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error().code, Errc::session_expired);
  EXPECT_FALSE(store->record("s").has_value()) << "ended for the fleet";
}

}  // namespace
}  // namespace freshauth::testing
