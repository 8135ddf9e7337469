#include "demo/demo_session_tracker.h"

#include <gtest/gtest.h>

#include "freshauth/core/session.h"

namespace freshauth::cli {
namespace {

using namespace std::chrono_literals;

const TimePoint kStart{std::chrono::seconds{1'700'000'000}};

Session session(std::uint64_t generation, TimePoint obtained, Duration lifetime) {
  Session made;
  made.obtained_at = obtained;
  made.expires_at = obtained + lifetime;
  made.generation = generation;
  return made;
}

TEST(SessionTracker, NothingTrackedIsNeverInAWindow) {
  const SessionTracker tracker{RefreshPolicy{}};
  EXPECT_FALSE(tracker.in_refresh_window(kStart));
  EXPECT_EQ(tracker.generation(), 0u);
}

TEST(SessionTracker, WindowOpensAtThePolicysSoftDeadline) {
  SessionTracker tracker{RefreshPolicy{}};
  tracker.track(session(1, kStart, 20s));  // capped threshold: half of 20 s
  EXPECT_FALSE(tracker.in_refresh_window(kStart + 9s));
  EXPECT_TRUE(tracker.in_refresh_window(kStart + 10s));
  EXPECT_EQ(tracker.expires_at(), kStart + 20s);
  EXPECT_EQ(tracker.generation(), 1u);
}

TEST(SessionTracker, NaivePolicyIsInItsWindowFromTheStart) {
  RefreshPolicy naive;
  naive.max_threshold_fraction = 1.0;  // a 5 min threshold swallows a 20 s token whole
  SessionTracker tracker{naive};
  tracker.track(session(1, kStart, 20s));
  EXPECT_TRUE(tracker.in_refresh_window(kStart));
}

TEST(SessionTracker, KeepsTheNewestSession) {
  SessionTracker tracker{RefreshPolicy{}};
  tracker.on_refreshed(session(3, kStart + 10s, 20s));
  tracker.track(session(2, kStart, 20s));  // reported late
  EXPECT_EQ(tracker.generation(), 3u);
  EXPECT_EQ(tracker.expires_at(), kStart + 30s);
  EXPECT_FALSE(tracker.in_refresh_window(kStart + 19s));
}

TEST(SessionTracker, CountsRefreshOutcomes) {
  SessionTracker tracker{RefreshPolicy{}};
  tracker.on_refreshed(session(2, kStart, 20s));
  tracker.on_refresh_failed(FailureClass::transient, {Errc::transient, "503", 1s});
  tracker.on_refresh_failed(FailureClass::fatal, {Errc::session_expired, "gone", {}});
  EXPECT_EQ(tracker.refreshes(), 1u);
  EXPECT_EQ(tracker.failed_refreshes(), 2u);
  EXPECT_EQ(tracker.refresh_calls(), 3u);
}

}  // namespace
}  // namespace freshauth::cli
