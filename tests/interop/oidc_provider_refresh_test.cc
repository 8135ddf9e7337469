// Interop: the engine keeps an oidc-provider session alive in real time (4 s access tokens), with
// refresh-token rotation on and off, and asks the server for one refresh however many threads wait.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "interop/oidc_provider_fixture.h"

namespace freshauth::testing {
namespace {

using std::chrono::milliseconds;

constexpr int kCallers = 4;
constexpr milliseconds kPause{25};

class OidcProviderRefreshTest : public OidcProviderTest,
                                public ::testing::WithParamInterface<bool> {
 protected:
  OidcProviderPeerOptions peer_options() const override {
    return {.rotate_refresh_tokens = GetParam()};
  }
};

// Every call is one the user would make: a fresh token from the engine, then the server's
// userinfo endpoint with it. A call fails when either says no.
TEST_P(OidcProviderRefreshTest, KeepsTheSessionAliveAcrossThreeExpiriesWithZeroFailedCalls) {
  auto authenticator = make_authenticator();
  auto engine = make_engine(authenticator);
  ASSERT_NO_FATAL_FAILURE(adopt_robot_sign_in(*engine, *authenticator));
  const auto first = engine->current();
  ASSERT_NE(first, nullptr);
  // The loop ends at this moment whatever happens; by then the first token and two successors
  // (had nobody refreshed) would have expired.
  const TimePoint end = first->expires_at + 2 * first->lifetime() + milliseconds{500};

  std::atomic<int> calls{0};
  std::atomic<int> failed{0};
  std::mutex failure_mutex;
  std::string first_failure;
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      const SystemClock clock;
      while (clock.now() < end) {
        ++calls;
        std::string why;
        auto session = engine->try_ensure_fresh();
        if (!session.ok()) {
          why = "ensure_fresh: " + session.error().describe();
        } else if (const int status = userinfo_status(session->access_token()); status != 200) {
          why = "userinfo answered " + std::to_string(status);
        }
        if (!why.empty()) {
          ++failed;
          const std::lock_guard lock(failure_mutex);
          if (first_failure.empty()) first_failure = why;
        }
        std::this_thread::sleep_for(kPause);
      }
    });
  }
  for (auto& caller : callers) caller.join();

  EXPECT_EQ(failed.load(), 0) << "of " << calls.load() << " calls; first: " << first_failure;
  EXPECT_GT(calls.load(), 100);
  const auto last = engine->current();
  ASSERT_NE(last, nullptr);
  EXPECT_GE(last->generation, first->generation + 3);
  if (GetParam()) {
    EXPECT_NE(last->refresh_token, first->refresh_token);
  } else {
    EXPECT_EQ(last->refresh_token, first->refresh_token);
  }
  const OidcProviderStats seen = stats();
  EXPECT_GE(seen.refresh_grants, 3);
  EXPECT_EQ(seen.refresh_errors, 0);
  EXPECT_EQ(seen.refresh_token_reuse, 0);
}

TEST_P(OidcProviderRefreshTest, HundredThreadsInTheHardWindowMakeOneRefresh) {
  constexpr int kThreads = 100;
  auto authenticator = make_authenticator();
  auto engine = make_engine(authenticator);
  ASSERT_NO_FATAL_FAILURE(adopt_robot_sign_in(*engine, *authenticator));
  const auto first = engine->current();
  ASSERT_NE(first, nullptr);
  // Nobody asks during the soft window, so all of them meet the hard one.
  const TimePoint in_hard_window = engine->policy().deadlines_for(*first).hard + milliseconds{100};
  ASSERT_LT(in_hard_window, first->expires_at);

  std::latch all_started(kThreads);
  std::atomic<int> refreshed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      all_started.arrive_and_wait();
      const SystemClock clock;
      clock.sleep_until(in_hard_window, {});
      auto session = engine->try_ensure_fresh();
      if (session.ok() && session->generation() == first->generation + 1 &&
          session->access_token() != first->access_token) {
        ++refreshed;
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(refreshed.load(), kThreads);
  const OidcProviderStats seen = stats();
  EXPECT_EQ(seen.refresh_grants, 1);
  EXPECT_EQ(seen.refresh_errors, 0);
  EXPECT_EQ(userinfo_status(engine->current()->access_token), 200);
}

INSTANTIATE_TEST_SUITE_P(RefreshTokenRotation, OidcProviderRefreshTest, ::testing::Bool(),
                         [](const auto& rotation) { return rotation.param ? "On" : "Off"; });

}  // namespace
}  // namespace freshauth::testing
