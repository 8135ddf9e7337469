#include "freshauth/http/retry_after.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

using std::chrono::seconds;

TEST(RetryAfterTest, ReadsDelaySeconds) {
  EXPECT_EQ(parse_retry_after({{"retry-after", "7"}}), seconds{7});
  EXPECT_EQ(parse_retry_after({{"Retry-After", "0"}}), seconds{0});
}

TEST(RetryAfterTest, CapsAbsurdDelaysAtOneDay) {
  EXPECT_EQ(parse_retry_after({{"Retry-After", "99999999"}}), seconds{86400});
}

TEST(RetryAfterTest, IgnoresDatesGarbageAndAbsence) {
  EXPECT_FALSE(parse_retry_after({}).has_value());
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "-3"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "5s"}}));
}

}  // namespace
}  // namespace freshauth
