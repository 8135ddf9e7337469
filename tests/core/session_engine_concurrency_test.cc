// Many threads at once against one engine; built under ThreadSanitizer as well.
#include <gtest/gtest.h>

#include <latch>
#include <optional>
#include <thread>
#include <vector>

#include "freshauth/core/session_engine.h"
#include "support/fake_authenticator.h"
#include "support/session_events.h"

namespace freshauth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;

constexpr int kCallers = 1000;

class SessionEngineConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.observers = {signal};
    engine = std::make_unique<SessionEngine>(auth, options);  // own worker thread
    ASSERT_TRUE(engine->sign_in({"alice", "correct horse"}, {"p", {}, {}}).ok());
  }

  // Runs `call` on kCallers threads released together; returns after all finished.
  template <class Call>
  void run_callers(Call call) {
    std::latch start(kCallers + 1);
    std::vector<std::jthread> threads;
    threads.reserve(kCallers);
    for (int i = 0; i < kCallers; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        call(i);
      });
    }
    start.arrive_and_wait();
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<FakeAuthenticator> auth = std::make_shared<FakeAuthenticator>(*clock);
  std::shared_ptr<testing::SessionEvents> signal = std::make_shared<testing::SessionEvents>();
  std::unique_ptr<SessionEngine> engine;
};

TEST_F(SessionEngineConcurrencyTest, FreshPathFromManyThreadsNeverRefreshes) {
  std::atomic<int> ok{0};
  run_callers([&](int) {
    for (int i = 0; i < 100; ++i) ok += engine->ensure_fresh().generation() == 1U ? 1 : 0;
  });
  EXPECT_EQ(ok, kCallers * 100);
  EXPECT_EQ(auth->refreshes, 0);
}

TEST_F(SessionEngineConcurrencyTest, SoftWindowThousandCallersOneRefreshNobodyWaits) {
  clock->advance(minutes{56});
  auth->hold();  // the refresh cannot finish while the callers run: none of them may wait for it
  std::atomic<int> got_current{0};
  run_callers([&](int) {
    for (int i = 0; i < 10; ++i) got_current += engine->ensure_fresh().generation() == 1U ? 1 : 0;
  });
  EXPECT_EQ(got_current, kCallers * 10);
  auth->release();
  ASSERT_TRUE(signal->wait_for_refreshes(1)) << "no refresh within the deadline";
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

TEST_F(SessionEngineConcurrencyTest, HardWindowThousandCallersWaitForOneRefresh) {
  clock->advance(minutes{59} + seconds{50});
  auth->hold();
  std::atomic<int> got_new{0};
  std::jthread releaser([&] {
    EXPECT_TRUE(auth->wait_until_refresh_waiting()) << "no refresh reached the authenticator";
    auth->release();
  });
  run_callers([&](int) { got_new += engine->ensure_fresh().generation() == 2U ? 1 : 0; });
  EXPECT_EQ(got_new, kCallers);
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionEngineConcurrencyTest, FatalFailureWakesEveryWaiterWithSessionExpired) {
  clock->advance(minutes{59} + seconds{50});
  auth->hold();
  auth->fail_next({Errc::session_expired, "invalid_grant", {}});
  std::jthread releaser([&] {
    EXPECT_TRUE(auth->wait_until_refresh_waiting()) << "no refresh reached the authenticator";
    auth->release();
  });
  std::atomic<int> expired{0};
  run_callers([&](int) {
    auto result = engine->try_ensure_fresh();
    expired += !result.ok() && result.error().code == Errc::session_expired ? 1 : 0;
  });
  EXPECT_EQ(expired, kCallers);
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionEngineConcurrencyTest, TransientFailureInHardWindowFailsNobodyWhileValid) {
  clock->advance(minutes{59} + seconds{50});
  auth->hold();
  auth->fail_next({Errc::transient, "502", {}});
  std::jthread releaser([&] {
    EXPECT_TRUE(auth->wait_until_refresh_waiting()) << "no refresh reached the authenticator";
    auth->release();
  });
  std::atomic<int> ok{0};
  run_callers([&](int) { ok += engine->try_ensure_fresh().ok() ? 1 : 0; });
  EXPECT_EQ(ok, kCallers);
}

TEST_F(SessionEngineConcurrencyTest, UnauthorizedRacingWithRefreshClearsOnlyItsGeneration) {
  const auto old_generation = engine->ensure_fresh().generation();
  clock->advance(minutes{59} + seconds{50});
  run_callers([&](int i) {
    if (i % 2 == 0) {
      (void)engine->try_ensure_fresh();
    } else {
      (void)engine->report_unauthorized(old_generation + 1);  // a 401 for the refreshed token
    }
  });
  // Either order is legal: a 401 reported before the refresh published that generation is a
  // no-op, after it clears the session. What may not happen is a race or a crash, or a report for
  // the current generation that leaves the session standing.
  if (auto now = engine->current()) {
    EXPECT_TRUE(engine->report_unauthorized(now->generation));
    EXPECT_EQ(engine->current(), nullptr);
  }
}

TEST_F(SessionEngineConcurrencyTest, SnapshotsOutliveTheirThreadsAndTheRefresh) {
  // Each thread's snapshots share that thread's holder; copies made and dropped on other threads
  // after it has exited, across a refresh, must neither race nor dangle.
  std::vector<std::optional<SessionSnapshot>> taken(kCallers);
  run_callers([&](int i) {
    const SessionSnapshot mine = engine->ensure_fresh();
    for (int j = 0; j < 10; ++j) (void)engine->ensure_fresh();
    taken[i].emplace(mine);
  });
  clock->advance(minutes{59} + seconds{50});
  std::atomic<int> old_seen{0};
  run_callers([&](int i) {
    const SessionSnapshot copy = *taken[(i + 1) % kCallers];
    old_seen += copy.generation() == 1U && !copy.access_token().empty() ? 1 : 0;
    (void)engine->ensure_fresh();
  });
  EXPECT_EQ(old_seen, kCallers);
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
  taken.clear();
}

}  // namespace
}  // namespace freshauth

namespace freshauth {
namespace {

// With a clock that is expensive to read, the fast path trusts the freshness alarm; the soft
// deadline must still be noticed promptly, and the hard window still honoured.
TEST(SessionEngineFreshnessAlarmTest, ExpensiveClockStillTriggersTheRefresh) {
  auto clock = std::make_shared<ManualClock>(TimePoint{std::chrono::seconds{1'700'000'000}},
                                             /*cheap_to_read=*/false);
  auto auth = std::make_shared<testing::FakeAuthenticator>(*clock);
  SessionEngineOptions options;
  options.clock = clock;
  options.executor = inline_executor();
  SessionEngine engine(auth, options);
  ASSERT_TRUE(engine.sign_in({"alice", "correct horse"}, {"p", {}, {}}).ok());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(engine.ensure_fresh().generation(), 1U);

  clock->advance(std::chrono::minutes{56});
  // The alarm wakes on its own thread; a bounded number of calls must see the soft window.
  for (int i = 0; i < 100000 && auth->refreshes == 0; ++i) {
    (void)engine.ensure_fresh();
    std::this_thread::yield();
  }
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_EQ(engine.ensure_fresh().generation(), 2U);
}

}  // namespace
}  // namespace freshauth
