#include "freshauth/core/change_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "core/memory_shared_store.h"
#include "support/off_thread.h"

// The watch of a store that tells of no change (the default of SharedSessionStore): a waiting
// refresh looks again after the poll interval, as it did before stores could tell.
namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr seconds kDeadline{60};

TEST(PollingWatchTest, AWaitEndsAfterThePollIntervalWithoutAChange) {
  std::shared_ptr<ChangeWatch> watch = polling_watch(milliseconds{1});
  auto waited =
      testing::off_thread([watch] { return watch->wait(steady_clock::now() + hours{1}); });
  ASSERT_EQ(waited.wait_for(kDeadline), std::future_status::ready)
      << "the wait ignored its poll interval";
  EXPECT_FALSE(waited.get()) << "nothing told of a change";
}

TEST(PollingWatchTest, AWaitEndsAtItsDeadlineWhenThatComesFirst) {
  std::shared_ptr<ChangeWatch> watch = polling_watch(hours{1});
  auto waited = testing::off_thread([watch] { return watch->wait(steady_clock::now()); });
  ASSERT_EQ(waited.wait_for(kDeadline), std::future_status::ready)
      << "the wait ignored its deadline";
  EXPECT_FALSE(waited.get());
}

TEST(PollingWatchTest, AStoreWithoutNoticesWatchesByPolling) {
  auto store = std::make_shared<testing::MemorySharedStore>();
  std::shared_ptr<ChangeWatch> watch = store->watch("s", milliseconds{1});
  auto waited =
      testing::off_thread([watch] { return watch->wait(steady_clock::now() + hours{1}); });
  ASSERT_EQ(waited.wait_for(kDeadline), std::future_status::ready);
  EXPECT_FALSE(waited.get());
}

}  // namespace
}  // namespace freshauth
