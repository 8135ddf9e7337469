#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "freshauth/core/session_table.h"
#include "support/fake_authenticator.h"
#include "support/settled_table.h"
#include "support/sleeper_watching_clock.h"

// Refresh-aheads the timer finds late: the table fell behind (here the clock jumps, as it does
// for a timer thread starved of CPU), or the session came in after its refresh time.
namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;
using testing::SleeperWatchingClock;

class SessionTableRefreshTest : public ::testing::Test {
 protected:
  void make_table(seconds lifetime = hours{1}) {
    auth = std::make_shared<FakeAuthenticator>(*clock, lifetime);
    SessionTableOptions options;
    options.clock = clock;
    options.random_seed = 7;
    table = std::make_unique<SessionTable>(auth, options);
  }
  void adopt(const std::string& key) {
    auto outcome = auth->sign_in({"alice", "correct horse"});
    auto adopted = table->adopt(key, std::get<TokenGrant>(*outcome), clock->now(), {});
    ASSERT_TRUE(adopted.ok()) << adopted.error().describe();
  }
  std::uint64_t generation(const std::string& key) { return table->status(key)->generation; }
  // Of sessions "s0"... adopted first, how many hold a token from a refresh since.
  int sessions_refreshed(int sessions) {
    int refreshed = 0;
    for (int i = 0; i < sessions; ++i) {
      if (generation("s" + std::to_string(i)) > static_cast<std::uint64_t>(sessions)) ++refreshed;
    }
    return refreshed;
  }

  [[nodiscard]] bool advance_and_settle(Duration by) {
    return testing::advance_and_settle(*clock, *table, by);
  }
  [[nodiscard]] bool run_for(Duration span) {
    return testing::run_second_by_second(*clock, *table, span);
  }
  // The provider's refreshes in each second of `span`, a second at a time.
  [[nodiscard]] bool count_each_second(Duration span, std::vector<int>& counts) {
    for (Duration passed{}; passed < span; passed += seconds{1}) {
      const int before = auth->refreshes;
      if (!advance_and_settle(seconds{1})) return false;
      counts.push_back(auth->refreshes - before);
    }
    return true;
  }
  static double mean(const std::vector<int>& counts) {
    return std::accumulate(counts.begin(), counts.end(), 0.0) / static_cast<double>(counts.size());
  }

  std::shared_ptr<SleeperWatchingClock> clock = std::make_shared<SleeperWatchingClock>();
  std::shared_ptr<FakeAuthenticator> auth;
  std::unique_ptr<SessionTable> table;
};

// 3,000 ten-minute tokens issued at once, their refreshes spread by the calendar over the 5
// minutes from issue to their soft deadline. Two minutes in, the timer stalls for a minute: the
// minute's ~600 refreshes are due at once when it catches up.
TEST_F(SessionTableRefreshTest, RefreshesDueWhileTheTimerWasBehindAreSpreadOverTheNextSeconds) {
  make_table(minutes{10});
  constexpr int kSessions = 3'000;
  for (int i = 0; i < kSessions; ++i) adopt("s" + std::to_string(i));
  ASSERT_TRUE(run_for(minutes{2}));
  const int before_stall = auth->refreshes;
  ASSERT_TRUE(advance_and_settle(minutes{1}));
  const int on_catching_up = auth->refreshes - before_stall;
  std::vector<int> counts;
  ASSERT_TRUE(count_each_second(minutes{2}, counts));  // up to the soft deadline
  EXPECT_EQ(sessions_refreshed(kSessions), kSessions) << "each by its soft deadline";
  const double per_second = mean(counts);
  const int peak = *std::max_element(counts.begin(), counts.end());
  // Measured here: 10 on catching up (those less than a second late), then a mean of 17.5 a
  // second peaking at 18 (1.03 times).
  EXPECT_LE(on_catching_up, 1.2 * per_second) << "not all at once when the timer catches up";
  EXPECT_LE(peak, 1.2 * per_second) << "mean " << per_second;
}

// 3,000 sessions back from the store after a restart with their refresh time passed (3.5 minutes
// from the hard window).
TEST_F(SessionTableRefreshTest, SessionsRestoredAfterTheirRefreshTimeAreSpreadNotRefreshedAtOnce) {
  make_table();
  constexpr int kSessions = 3'000;
  const TimePoint now = clock->now();
  for (int i = 0; i < kSessions; ++i) {
    auto outcome = auth->sign_in({"alice", "correct horse"});
    const TokenGrant& grant = std::get<TokenGrant>(*outcome);
    table->restore("s" + std::to_string(i),
                   Session{.access_token = grant.access_token,
                           .id_token = grant.id_token,
                           .refresh_token = *grant.refresh_token,
                           .obtained_at = now - minutes{56},
                           .expires_at = now + minutes{4},
                           .partner_id = "partner-7",
                           .device_key = {},
                           .device_group_key = {},
                           .generation = static_cast<std::uint64_t>(i + 1)},
                   now - minutes{56});
  }
  ASSERT_TRUE(advance_and_settle(Duration{0}));
  const int at_once = auth->refreshes;
  std::vector<int> counts;
  // Moved to at most halfway to the hard window (1.75 minutes).
  ASSERT_TRUE(count_each_second(minutes{1} + seconds{45}, counts));
  EXPECT_EQ(auth->refreshes, kSessions);
  EXPECT_EQ(sessions_refreshed(kSessions), kSessions) << "each before its hard window";
  const double per_second = mean(counts);
  const int peak = *std::max_element(counts.begin(), counts.end());
  // Measured here: none at once, then a mean of 28.6 a second peaking at 29 or 30 (1.05 times).
  EXPECT_LE(at_once, 1.2 * per_second) << "not all at once on restoring";
  EXPECT_LE(peak, 1.2 * per_second) << "mean " << per_second;
}

TEST_F(SessionTableRefreshTest, ARefreshFoundLateIsMovedAtMostHalfwayToTheHardWindow) {
  make_table();
  adopt("s");
  const auto first = generation("s");
  // Refresh times are 49 to 55 minutes in; the hard window starts at 59:30.
  ASSERT_TRUE(advance_and_settle(minutes{57}));
  EXPECT_EQ(auth->refreshes, 0) << "moved, not started";
  ASSERT_TRUE(run_for(minutes{1} + seconds{15}));
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_GT(generation("s"), first);
}

TEST_F(SessionTableRefreshTest, ARefreshIsMovedForLatenessOncePerToken) {
  make_table();
  adopt("s");
  ASSERT_TRUE(advance_and_settle(minutes{57}));
  EXPECT_EQ(auth->refreshes, 0);
  ASSERT_TRUE(advance_and_settle(minutes{2} + seconds{29}));  // late again, 1 s before the window
  EXPECT_EQ(auth->refreshes, 1) << "not moved twice";
  const auto second = generation("s");
  ASSERT_TRUE(advance_and_settle(minutes{57}));
  EXPECT_EQ(auth->refreshes, 1) << "the next token's refresh may be moved again";
  ASSERT_TRUE(run_for(minutes{1} + seconds{15}));
  EXPECT_EQ(auth->refreshes, 2);
  EXPECT_GT(generation("s"), second);
}

TEST_F(SessionTableRefreshTest, ASessionInItsHardWindowIsRefreshedAtOnce) {
  make_table();
  adopt("s");
  ASSERT_TRUE(advance_and_settle(minutes{59} + seconds{45}));
  EXPECT_EQ(auth->refreshes, 1);
}

// A retry after a failed refresh keeps its backoff, and is not moved when found late.
TEST_F(SessionTableRefreshTest, ALateRetryKeepsToItsBackoff) {
  make_table();
  adopt("s");
  const auto first = generation("s");
  auth->fail_next({Errc::transient, "HTTP 503", {}});
  for (int second = 0; second < 55 * 60 && auth->refreshes == 0; ++second) {
    ASSERT_TRUE(advance_and_settle(seconds{1}));
  }
  ASSERT_EQ(auth->refreshes, 1) << "the first attempt, on time, failed";
  ASSERT_TRUE(advance_and_settle(std::chrono::milliseconds{250}));
  EXPECT_EQ(auth->refreshes, 1) << "backing off (at least half the initial 1 s)";
  ASSERT_TRUE(advance_and_settle(minutes{1}));
  EXPECT_EQ(auth->refreshes, 2) << "retried when found late, not moved";
  EXPECT_GT(generation("s"), first);
}

}  // namespace
}  // namespace freshauth
