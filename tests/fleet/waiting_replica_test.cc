#include <gtest/gtest.h>

#include <future>
#include <memory>

#include "fleet/counting_store.h"
#include "fleet/fleet_test_support.h"

// A replica that finds another refreshing a session waits for that refresh's end, told of it by
// Redis (docs/fleet.md): every fallback here (polling, rechecking, giving up) is far off, so a
// test that passes was woken by the holder's save or by its lease's expiry.
namespace freshauth::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr seconds kDeadline{60};

class WaitingReplicaTest : public FleetTest {
 protected:
  // A replica whose store is counted and whose waits fall back to polling only after an hour;
  // it gives up after 90 s, past the tests' deadline, so a missed wake-up fails the test first.
  SessionTable& add_waiter() {
    auto redis = store();
    redis_ = redis;
    counted_ = std::make_shared<CountingStore>(redis);
    SessionTableOptions options;
    options.clock = clock_;
    options.store = counted_;
    options.refresh_ahead = false;
    options.lease_poll = hours{1};
    options.lease_recheck = hours{1};
    options.lease_wait = seconds{90};
    replicas_.push_back(std::make_unique<SessionTable>(idp_, options));
    return *replicas_.back();
  }
  // Notices heard before the wait begins, so that none of its wake-ups is the subscription's.
  void hear_changes() {
    warm_up_ = redis_->watch("warm-up", hours{1});
    ASSERT_TRUE(wait_until([&] { return redis_->hears_changes(); }, kDeadline));
  }
  static std::future<Result<SessionSnapshot>> acquire(SessionTable& replica) {
    auto promise = std::make_shared<std::promise<Result<SessionSnapshot>>>();
    replica.acquire("s", [promise](Result<SessionSnapshot> got) { promise->set_value(got); });
    return promise->get_future();
  }

  std::shared_ptr<RedisSessionTableStore> redis_;
  std::shared_ptr<CountingStore> counted_;
  std::unique_ptr<ChangeWatch> warm_up_;
};

TEST_F(WaitingReplicaTest, AWaitingReplicaIsWokenByTheHoldersSaveAndReadsTheRecordOnce) {
  start_redis();
  auto& holder = add_replica(false, hours{1});
  auto& waiter = add_waiter();
  sign_in(holder, "s");
  ASSERT_TRUE(waiter.acquire("s"));  // the waiter has its own copy from now on
  hear_changes();
  counted_->loads = 0;

  idp_->pause_next_after_issue();
  clock_->advance(minutes{59} + seconds{45});  // hard window: both must wait for a refresh
  auto held = acquire(holder);
  ASSERT_TRUE(idp_->wait_until_paused());
  auto waited = acquire(waiter);
  ASSERT_TRUE(wait_until([&] { return counted_->lease_requests == 1; }, kDeadline))
      << "the waiter never asked for the lease";
  idp_->resume();

  ASSERT_EQ(held.wait_for(kDeadline), std::future_status::ready);
  ASSERT_EQ(waited.wait_for(kDeadline), std::future_status::ready)
      << "the holder's save did not wake the waiter";
  auto holder_snapshot = held.get();
  auto snapshot = waited.get();
  ASSERT_TRUE(holder_snapshot) << holder_snapshot.error().describe();
  ASSERT_TRUE(snapshot) << snapshot.error().describe();
  EXPECT_EQ(snapshot->access_token(), holder_snapshot->access_token());
  EXPECT_EQ(idp_->refreshes, 1);
  EXPECT_EQ(counted_->waits_woken, 1);
  EXPECT_EQ(counted_->waits_timed_out, 0);
  EXPECT_EQ(counted_->lease_requests, 1);
  EXPECT_EQ(counted_->loads, 2) << "once before the wait, once after";
}

TEST_F(WaitingReplicaTest, AWaitingReplicaWakesWhenADeadReplicasLeaseExpires) {
  start_redis();
  auto& first = add_replica(false);
  auto& waiter = add_waiter();
  sign_in(first, "s");
  ASSERT_TRUE(waiter.acquire("s"));
  hear_changes();
  // What a replica killed in the middle of a refresh leaves: its lease, until it expires, and
  // no notice.
  auto dead = store()->try_lease("s", std::chrono::milliseconds{300});
  ASSERT_TRUE(dead && dead->lease);

  clock_->advance(minutes{59} + seconds{45});
  auto waited = acquire(waiter);
  ASSERT_EQ(waited.wait_for(kDeadline), std::future_status::ready)
      << "the waiter slept past the lease's expiry";
  auto snapshot = waited.get();
  ASSERT_TRUE(snapshot) << snapshot.error().describe();
  EXPECT_GT(snapshot->expires_at(), clock_->now() + minutes{30});
  EXPECT_EQ(idp_->refreshes, 1);
  EXPECT_EQ(idp_->reused, 0);
}

}  // namespace
}  // namespace freshauth::testing
