#include "freshauth/core/refresh_policy.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Session session_lasting(Duration lifetime) {
  Session session;
  session.obtained_at = TimePoint{hours{1000}};
  session.expires_at = session.obtained_at + lifetime;
  return session;
}

TEST(RefreshPolicyTest, HourTokenUsesFiveMinuteThresholdAndThirtySecondHardWindow) {
  const Session s = session_lasting(hours{1});
  const auto deadlines = RefreshPolicy{}.deadlines_for(s);
  EXPECT_EQ(deadlines.soft, s.expires_at - minutes{5});
  EXPECT_EQ(deadlines.hard, s.expires_at - seconds{30});
}

TEST(RefreshPolicyTest, ShortTokenThresholdIsCappedAtHalfItsLife) {
  const Session s = session_lasting(seconds{30});
  const auto deadlines = RefreshPolicy{}.deadlines_for(s);
  EXPECT_EQ(deadlines.soft, s.expires_at - seconds{15});
  EXPECT_EQ(deadlines.hard, s.expires_at - std::chrono::milliseconds{7500});
}

TEST(RefreshPolicyTest, WaitingInSoftWindowMergesTheWindows) {
  RefreshPolicy policy;
  policy.serve_current_in_soft_window = false;
  const auto deadlines = policy.deadlines_for(session_lasting(hours{1}));
  EXPECT_EQ(deadlines.soft, deadlines.hard);
}

TEST(RefreshPolicyTest, BackoffDoublesUpToTheCap) {
  const RefreshPolicy policy;
  EXPECT_EQ(policy.backoff_after(1, 0.0), seconds{1});
  EXPECT_EQ(policy.backoff_after(2, 0.0), seconds{2});
  EXPECT_EQ(policy.backoff_after(4, 0.0), seconds{8});
  EXPECT_EQ(policy.backoff_after(50, 0.0), seconds{30});
}

TEST(RefreshPolicyTest, JitterShortensByUpToHalf) {
  const RefreshPolicy policy;
  EXPECT_EQ(policy.backoff_after(3, 0.999999),
            std::chrono::duration_cast<Duration>(seconds{4} * (1 - 0.5 * 0.999999)));
  EXPECT_GE(policy.backoff_after(3, 0.999999), seconds{2});
}

}  // namespace
}  // namespace freshauth
