#include "stores/redis_change_notices.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "freshauth/stores/redis_session_table_store.h"
#include "stores/sample_sessions.h"
#include "support/off_thread.h"
#include "support/redis_server.h"
#include "support/wait_until.h"

// A replica waiting for another's refresh is woken by what RedisSessionTableStore publishes, on
// a subscriber connection of its own. Every wait here falls back to polling only after an hour:
// a test that passes was woken by a notice.
namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::off_thread;
using testing::RedisServer;
using testing::sample_session;
using testing::wait_until;

constexpr seconds kDeadline{60};
constexpr hours kNever{1};
const TimePoint kCreated = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());

class RedisChangeNoticesTest : public ::testing::Test {
 protected:
  void start(bool persistent = false, std::string password = {}, bool tcp = false) {
    server_ = std::make_unique<RedisServer>(persistent, std::move(password), tcp);
    FRESHAUTH_START_REDIS(*server_);
    waiter_ = open_store();
    writer_ = open_store();
    ASSERT_TRUE(writer_->save_new("s", sample_session(1), kCreated));
  }
  std::shared_ptr<RedisSessionTableStore> open_store() {
    return RedisSessionTableStore::open(redis::Client::lazy(server_->endpoint()), key_,
                                        {.prefix = "test:"});
  }
  // A watch on `key` from the waiting store, once its notices are heard.
  std::shared_ptr<ChangeWatch> watch(const std::string& key = "s") {
    std::shared_ptr<ChangeWatch> watch = waiter_->watch(key, kNever);
    EXPECT_TRUE(wait_until([&] { return waiter_->hears_changes(); }, kDeadline))
        << "the subscriber never subscribed";
    (void)watch->wait(steady_clock::now());  // the wake-up of the subscription itself
    return watch;
  }
  static std::future<bool> wait_in_background(std::shared_ptr<ChangeWatch> watch) {
    return off_thread([watch] { return watch->wait(steady_clock::now() + kNever); });
  }
  RefreshLease lease() {
    auto attempt = writer_->try_lease("s", seconds{30});
    EXPECT_TRUE(attempt && attempt->lease);
    return attempt && attempt->lease ? *attempt->lease : RefreshLease{};
  }

  EncryptionKey key_ = EncryptionKey::generate();
  std::unique_ptr<RedisServer> server_;
  std::shared_ptr<RedisSessionTableStore> waiter_;
  std::shared_ptr<RedisSessionTableStore> writer_;

  void TearDown() override {
    waiter_.reset();  // releases a watch a failed test left waiting
    writer_.reset();
  }
};

TEST_F(RedisChangeNoticesTest, AWaitingWatchIsWokenByAnotherStoresFencedSave) {
  start();
  const RefreshLease held = lease();
  auto watch = this->watch();
  auto woken = wait_in_background(watch);
  auto saved = writer_->save_fenced("s", sample_session(2), kCreated, held);
  ASSERT_TRUE(saved && *saved);
  ASSERT_EQ(woken.wait_for(kDeadline), std::future_status::ready) << "the save woke nobody";
  EXPECT_TRUE(woken.get());
}

TEST_F(RedisChangeNoticesTest, AReleasedLeaseAnErasedSessionAndANewSignInWakeTheWatch) {
  start();
  const RefreshLease held = lease();
  auto watch = this->watch();
  auto released = wait_in_background(watch);
  ASSERT_TRUE(writer_->release("s", held));
  ASSERT_EQ(released.wait_for(kDeadline), std::future_status::ready) << "the release woke nobody";
  EXPECT_TRUE(released.get());

  auto erased = wait_in_background(watch);
  ASSERT_TRUE(writer_->erase("s"));
  ASSERT_EQ(erased.wait_for(kDeadline), std::future_status::ready) << "the erase woke nobody";
  EXPECT_TRUE(erased.get());

  auto signed_in = wait_in_background(watch);
  ASSERT_TRUE(writer_->save_new("s", sample_session(2), kCreated));
  ASSERT_EQ(signed_in.wait_for(kDeadline), std::future_status::ready)
      << "a new sign-in woke nobody";
  EXPECT_TRUE(signed_in.get());
}

TEST_F(RedisChangeNoticesTest, AChangeMadeBeforeTheWaitIsNotMissed) {
  start();
  const RefreshLease held = lease();
  auto watch = this->watch();
  auto saved = writer_->save_fenced("s", sample_session(2), kCreated, held);
  ASSERT_TRUE(saved && *saved);
  // The notice arrives on the subscriber's thread, maybe before the wait begins: either way the
  // wait returns.
  auto woken = wait_in_background(watch);
  ASSERT_EQ(woken.wait_for(kDeadline), std::future_status::ready);
  EXPECT_TRUE(woken.get());
}

TEST_F(RedisChangeNoticesTest, AChangeToAnotherSessionDoesNotWakeTheWatch) {
  start();
  ASSERT_TRUE(writer_->save_new("other", sample_session(3), kCreated));
  auto held = writer_->try_lease("other", seconds{30});
  ASSERT_TRUE(held && held->lease);
  auto watch = this->watch();
  ASSERT_TRUE(writer_->save_fenced("other", sample_session(4), kCreated, *held->lease));
  // The other session's notice is heard (its own watch is woken) before this one is asked.
  auto other = waiter_->watch("other", kNever);
  ASSERT_TRUE(writer_->erase("other"));
  ASSERT_TRUE(other->wait(steady_clock::now() + kDeadline));
  EXPECT_FALSE(watch->wait(steady_clock::now())) << "woken by another session's change";
}

TEST_F(RedisChangeNoticesTest, NoticesAreHeardWithAPasswordOverTcp) {
  start(false, "s3cret-pw", true);
  const RefreshLease held = lease();
  auto watch = this->watch();
  auto woken = wait_in_background(watch);
  ASSERT_TRUE(writer_->release("s", held));
  ASSERT_EQ(woken.wait_for(kDeadline), std::future_status::ready);
  EXPECT_TRUE(woken.get());
}

TEST_F(RedisChangeNoticesTest, ARedisRestartWakesTheWaitersWhoPollUntilNoticesAreHeardAgain) {
  start(/*persistent=*/true);
  auto watch = this->watch();
  auto lost = wait_in_background(watch);
  server_->stop();
  ASSERT_EQ(lost.wait_for(kDeadline), std::future_status::ready)
      << "a waiter slept through the loss of its notices";
  EXPECT_TRUE(lost.get()) << "a change may have gone unheard: the waiter must look";
  EXPECT_FALSE(waiter_->hears_changes());

  // While Redis is down, a wait lasts the poll interval at most.
  std::shared_ptr<ChangeWatch> polling = waiter_->watch("s", milliseconds{10});
  auto polled = off_thread([polling] { return polling->wait(steady_clock::now() + kNever); });
  ASSERT_EQ(polled.wait_for(kDeadline), std::future_status::ready)
      << "a wait without notices ignored its poll interval";
  EXPECT_FALSE(polled.get());

  ASSERT_TRUE(server_->start());
  ASSERT_TRUE(wait_until([&] { return waiter_->hears_changes(); }, kDeadline))
      << "the subscriber did not come back";
  (void)watch->wait(steady_clock::now());  // the wake-up of the new subscription
  auto woken = wait_in_background(watch);
  ASSERT_TRUE(writer_->release("s", lease()));
  ASSERT_EQ(woken.wait_for(kDeadline), std::future_status::ready) << "no notice after the restart";
  EXPECT_TRUE(woken.get());
}

TEST_F(RedisChangeNoticesTest, DestroyingTheStoreReturnsAndReleasesABlockedWaiter) {
  start();
  auto watch = this->watch();
  auto woken = wait_in_background(watch);
  auto destroyed = off_thread([store = std::exchange(waiter_, nullptr)]() mutable {
    store.reset();
    return true;
  });
  ASSERT_EQ(destroyed.wait_for(kDeadline), std::future_status::ready) << "the destructor hung";
  ASSERT_EQ(woken.wait_for(kDeadline), std::future_status::ready) << "the waiter was left blocked";
  EXPECT_TRUE(woken.get());
}

TEST_F(RedisChangeNoticesTest, DestroyingTheStoreWhileRedisIsDownReturns) {
  start();
  auto watch = this->watch();
  server_->stop();
  ASSERT_TRUE(wait_until([&] { return !waiter_->hears_changes(); }, kDeadline));
  auto destroyed = off_thread([store = std::exchange(waiter_, nullptr)]() mutable {
    store.reset();
    return true;
  });
  ASSERT_EQ(destroyed.wait_for(kDeadline), std::future_status::ready) << "the destructor hung";
}

}  // namespace
}  // namespace freshauth
