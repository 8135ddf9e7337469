#include "idp/attempt_throttle.h"

#include <gtest/gtest.h>

namespace freshauth::idp {
namespace {

using namespace std::chrono_literals;

class AttemptThrottleTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  AttemptThrottle throttle_{clock_, {.failures_allowed = 3, .window = 300s}};
};

TEST_F(AttemptThrottleTest, RefusesOnceTheWindowsFailuresAreUsedUp) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(throttle_.check("alice").ok()) << "attempt " << i;
    throttle_.failed("alice");
  }
  auto refused = throttle_.check("alice");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::transient);
  EXPECT_EQ(refused.error().retry_after, 300s);
  clock_->advance(200s);
  EXPECT_EQ(throttle_.check("alice").error().retry_after, 100s);
}

TEST_F(AttemptThrottleTest, TheWindowStartsAtTheFirstFailureAndEnds) {
  throttle_.failed("alice");
  clock_->advance(250s);
  throttle_.failed("alice");
  throttle_.failed("alice");
  EXPECT_FALSE(throttle_.check("alice").ok());
  clock_->advance(50s);  // 300 s after the first failure
  EXPECT_TRUE(throttle_.check("alice").ok());
  throttle_.failed("alice");  // a new window with one failure
  EXPECT_TRUE(throttle_.check("alice").ok());
}

TEST_F(AttemptThrottleTest, ASuccessForgivesEarlierFailures) {
  throttle_.failed("alice");
  throttle_.failed("alice");
  throttle_.succeeded("alice");
  throttle_.failed("alice");
  throttle_.failed("alice");
  EXPECT_TRUE(throttle_.check("alice").ok());
}

TEST_F(AttemptThrottleTest, KeysAreCountedApart) {
  for (int i = 0; i < 3; ++i) throttle_.failed("alice");
  EXPECT_FALSE(throttle_.check("alice").ok());
  EXPECT_TRUE(throttle_.check("bob").ok());
}

TEST_F(AttemptThrottleTest, ASprayOfNamesIsForgottenOnceItsWindowsEnd) {
  for (int i = 0; i < 10000; ++i) throttle_.failed("user" + std::to_string(i));
  for (int i = 0; i < 3; ++i) throttle_.failed("user0");
  EXPECT_FALSE(throttle_.check("user0").ok());
  clock_->advance(301s);
  throttle_.failed("fresh");  // sweeps the ended windows
  EXPECT_TRUE(throttle_.check("user0").ok());
  EXPECT_TRUE(throttle_.check("fresh").ok());
}

}  // namespace
}  // namespace freshauth::idp
