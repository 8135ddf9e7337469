#include "freshauth/stores/redis_session_table_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "stores/sample_sessions.h"
#include "support/redis_server_test.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using testing::RedisServerTest;
using testing::same_session;
using testing::sample_session;

// Records expire at the creation time plus the absolute timeout: a real time, not a fixed one.
const TimePoint kCreated = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());

class RedisSessionTableStoreTest : public RedisServerTest {
 protected:
  void SetUp() override {
    RedisServerTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    store_ = RedisSessionTableStore::open(client_, key_,
                                          {.prefix = "test:", .absolute_timeout = hours{8}});
  }

  EncryptionKey key_ = EncryptionKey::generate();
  std::shared_ptr<RedisSessionTableStore> store_;
};

TEST_F(RedisSessionTableStoreTest, SavedSessionsLoadAsTheyWereWithTheirFence) {
  auto first = store_->save_new("a", sample_session(1), kCreated);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(store_->save("b", sample_session(2), kCreated));
  auto loaded = store_->load("a");
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  EXPECT_TRUE(same_session((*loaded)->session, sample_session(1)));
  EXPECT_EQ((*loaded)->fence, *first);
  EXPECT_EQ(std::chrono::time_point_cast<std::chrono::milliseconds>((*loaded)->created_at),
            std::chrono::time_point_cast<std::chrono::milliseconds>(kCreated));
  auto missing = store_->load("nobody");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());

  auto all = store_->load_all();
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->sessions.size(), 2u);
  EXPECT_TRUE(all->skipped.empty());
}

TEST_F(RedisSessionTableStoreTest, NoTokenLeavesTheProcessInTheClear) {
  ASSERT_TRUE(store_->save_new("a", sample_session(1), kCreated));
  const std::string sealed = raw({"HGET", store_->record_key("a"), "sealed"}).text;
  ASSERT_FALSE(sealed.empty());
  for (const std::string& secret : {std::string{"refresh-secret-1"}, std::string{"access-1"},
                                    std::string{"partner-1"}, std::string{"device-1"}}) {
    EXPECT_EQ(sealed.find(secret), std::string::npos) << secret;
  }
}

TEST_F(RedisSessionTableStoreTest, RecordsExpireWithTheAbsoluteTimeout) {
  ASSERT_TRUE(store_->save_new("a", sample_session(1), kCreated));
  const std::int64_t ttl = raw({"PTTL", store_->record_key("a")}).integer;
  EXPECT_GT(ttl, std::chrono::milliseconds{hours{7}}.count());
  EXPECT_LE(ttl, std::chrono::milliseconds{hours{8}}.count());
  EXPECT_GT(raw({"PTTL", store_->fence_key("a")}).integer, 0);

  auto forever = RedisSessionTableStore::open(client_, key_, {.prefix = "forever:"});
  ASSERT_TRUE(forever->save_new("a", sample_session(1), kCreated));
  EXPECT_EQ(raw({"PTTL", forever->record_key("a")}).integer, -1);
}

TEST_F(RedisSessionTableStoreTest,
       WithAnIdleTimeoutRecordsExpireUnlessTouchedButNeverPastTheAbsoluteEnd) {
  using std::chrono::minutes;
  auto idle = RedisSessionTableStore::open(
      client_, key_,
      {.prefix = "idle:", .absolute_timeout = hours{8}, .idle_timeout = minutes{30}});
  ASSERT_TRUE(idle->save_new("a", sample_session(1), kCreated));
  const auto ttl = [&] { return raw({"PTTL", idle->record_key("a")}).integer; };
  EXPECT_LE(ttl(), std::chrono::milliseconds{minutes{30}}.count());
  EXPECT_GT(ttl(), std::chrono::milliseconds{minutes{29}}.count());
  ASSERT_TRUE(idle->touch("a", kCreated + minutes{20}));
  EXPECT_GT(ttl(), std::chrono::milliseconds{minutes{49}}.count());
  EXPECT_LE(ttl(), std::chrono::milliseconds{minutes{50}}.count());
  ASSERT_TRUE(idle->touch("a", kCreated + hours{9}));
  EXPECT_LE(ttl(), std::chrono::milliseconds{hours{8}}.count()) << "capped at the absolute end";
  EXPECT_GT(ttl(), std::chrono::milliseconds{hours{7}}.count());
  // Both keys get the same expiry; the two PTTLs are read a moment apart, so they may differ by
  // the milliseconds between the reads.
  EXPECT_NEAR(static_cast<double>(raw({"PTTL", idle->fence_key("a")}).integer),
              static_cast<double>(ttl()), std::chrono::milliseconds{minutes{1}}.count())
      << "the fence key expires with the record";
  auto nobody = idle->touch("nobody", kCreated);
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(*nobody) << "no record: touching says so and creates none";
  EXPECT_EQ(raw({"EXISTS", idle->record_key("nobody")}).integer, 0);
  auto existing = idle->touch("a", kCreated);
  ASSERT_TRUE(existing);
  EXPECT_TRUE(*existing);
}

TEST_F(RedisSessionTableStoreTest, ARecordMovedToAnotherKeyOrReadWithAnotherKeyDoesNotOpen) {
  ASSERT_TRUE(store_->save_new("victim", sample_session(1), kCreated));
  ASSERT_TRUE(store_->save_new("attacker", sample_session(2), kCreated));
  raw({"HSET", store_->record_key("attacker"), "sealed",
       raw({"HGET", store_->record_key("victim"), "sealed"}).text});
  auto moved = store_->load("attacker");
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, Errc::storage);
  EXPECT_EQ(moved.error().message.find("refresh-secret"), std::string::npos);

  auto other =
      RedisSessionTableStore::open(client_, EncryptionKey::generate(), {.prefix = "test:"});
  EXPECT_FALSE(other->load("victim"));
  auto all = other->load_all();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->sessions.empty());
  EXPECT_EQ(all->skipped.size(), 2u);
}

TEST_F(RedisSessionTableStoreTest, OneLeaseAtATimeEachWithANewerFence) {
  auto sign_in = store_->save_new("a", sample_session(1), kCreated);
  ASSERT_TRUE(sign_in);
  auto first = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(first && first->lease);
  EXPECT_GT(first->lease->fence, *sign_in);
  auto second = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->lease);
  EXPECT_FALSE(second->record_missing);
  ASSERT_TRUE(store_->release("a", *first->lease));
  auto third = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(third && third->lease);
  EXPECT_GT(third->lease->fence, first->lease->fence);
  auto none = store_->try_lease("nobody", std::chrono::seconds{30});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->record_missing);
}

TEST_F(RedisSessionTableStoreTest, AFencedSaveOfAnOlderLeaseIsRefused) {
  ASSERT_TRUE(store_->save_new("a", sample_session(1), kCreated));
  // A lease that lapsed (its holder paused), then another replica's.
  auto paused = store_->try_lease("a", std::chrono::milliseconds{1});
  ASSERT_TRUE(paused && paused->lease);
  ASSERT_TRUE(testing::wait_until_expired(*client_, store_->lease_key("a")));
  auto current = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(current && current->lease);

  auto late = store_->save_fenced("a", sample_session(7), kCreated, *paused->lease);
  ASSERT_TRUE(late);
  EXPECT_FALSE(*late);
  auto saved = store_->save_fenced("a", sample_session(2), kCreated, *current->lease);
  ASSERT_TRUE(saved);
  EXPECT_TRUE(*saved);
  auto loaded = store_->load("a");
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_TRUE(same_session((*loaded)->session, sample_session(2)));
  EXPECT_EQ((*loaded)->fence, current->lease->fence);
  // The save let the lease go.
  auto next = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(next && next->lease);
}

TEST_F(RedisSessionTableStoreTest, AnErasedSessionIsNotSavedBackByARefreshInFlight) {
  ASSERT_TRUE(store_->save_new("a", sample_session(1), kCreated));
  auto lease = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(lease && lease->lease);
  ASSERT_TRUE(store_->erase("a"));
  auto saved = store_->save_fenced("a", sample_session(2), kCreated, *lease->lease);
  ASSERT_TRUE(saved);
  EXPECT_FALSE(*saved);
  auto loaded = store_->load("a");
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(RedisSessionTableStoreTest, EraseUnlessNewerKeepsANewerSession) {
  auto old_fence = store_->save_new("a", sample_session(1), kCreated);
  ASSERT_TRUE(old_fence);
  auto lease = store_->try_lease("a", std::chrono::seconds{30});
  ASSERT_TRUE(lease && lease->lease);
  auto saved = store_->save_fenced("a", sample_session(2), kCreated, *lease->lease);
  ASSERT_TRUE(saved && *saved);
  ASSERT_TRUE(store_->erase_unless_newer("a", *old_fence));
  auto kept = store_->load("a");
  ASSERT_TRUE(kept && *kept);
  ASSERT_TRUE(store_->erase_unless_newer("a", lease->lease->fence));
  auto gone = store_->load("a");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
}

// The fleet's plan counts: the preferred second (first) until it holds `crowded`, then the least
// counted candidate; each counter expires a minute after its second.
TEST_F(RedisSessionTableStoreTest, PlansGoToThePreferredSecondUntilItIsCrowdedThenToTheEmptiest) {
  const std::int64_t now = to_epoch_seconds(std::chrono::system_clock::now()).count();
  const std::vector<std::int64_t> seconds{now + 100, now + 50, now + 70, now + 120};
  for (int i = 0; i < 3; ++i) {
    auto counted = store_->count_planned_refresh(seconds, 3);
    ASSERT_TRUE(counted) << counted.error().message;
    EXPECT_EQ(*counted, std::optional<std::size_t>{0});
  }
  std::vector<int> chosen(seconds.size(), 0);
  for (int i = 0; i < 9; ++i) ++chosen[store_->count_planned_refresh(seconds, 3)->value()];
  EXPECT_EQ(chosen, (std::vector<int>{0, 3, 3, 3})) << "levelled: 3 in each";
  const std::string counter = "test:plans:{calendar}:" + std::to_string(now + 50);
  EXPECT_EQ(raw({"GET", counter}).text, "3");
  const std::int64_t ttl = raw({"PTTL", counter}).integer;
  EXPECT_GT(ttl, std::chrono::milliseconds{std::chrono::seconds{100}}.count());
  EXPECT_LE(ttl, std::chrono::milliseconds{std::chrono::seconds{111}}.count());
  auto none = store_->count_planned_refresh({}, 3);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TEST_F(RedisSessionTableStoreTest, AnUnreachableServerIsAStorageError) {
  server_.stop();
  auto loaded = store_->load("a");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, Errc::storage);
  EXPECT_FALSE(store_->save_new("a", sample_session(1), kCreated));
  EXPECT_FALSE(store_->count_planned_refresh({1, 2}, 8));
}

}  // namespace
}  // namespace freshauth
