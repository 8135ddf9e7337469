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

TEST(RetryAfterTest, MeasuresAnHttpDateAgainstTheServersDate) {
  EXPECT_EQ(parse_retry_after({{"Retry-After", "Wed, 21 Oct 2015 07:30:00 GMT"},
                               {"Date", "Wed, 21 Oct 2015 07:28:00 GMT"}}),
            seconds{120});
  // RFC 850 and asctime forms are HTTP-dates too (RFC 9110 §5.6.7).
  EXPECT_EQ(parse_retry_after({{"Retry-After", "Sunday, 06-Nov-94 08:49:37 GMT"},
                               {"Date", "Sun, 06 Nov 1994 08:49:30 GMT"}}),
            seconds{7});
  EXPECT_EQ(parse_retry_after({{"Retry-After", "Sun Nov  6 08:49:37 1994"},
                               {"Date", "Sun, 06 Nov 1994 08:49:30 GMT"}}),
            seconds{7});
}

TEST(RetryAfterTest, AnHttpDateInThePastIsNoDelay) {
  EXPECT_EQ(parse_retry_after({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"},
                               {"Date", "Wed, 21 Oct 2015 07:30:00 GMT"}}),
            seconds{0});
  // Without a Date header the system clock is the reference; 2015 is long gone.
  EXPECT_EQ(parse_retry_after({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}), seconds{0});
}

TEST(RetryAfterTest, CapsAFarHttpDateAtOneDay) {
  EXPECT_EQ(parse_retry_after({{"Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT"}}), seconds{86400});
}

TEST(RetryAfterTest, IgnoresGarbageAndAbsence) {
  EXPECT_FALSE(parse_retry_after({}).has_value());
  EXPECT_FALSE(parse_retry_after({{"Retry-After", ""}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "-3"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "5s"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "tomorrow-ish"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "Wed, 99 Foo 20x5"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "Tue, 31 Feb 2015 07:28:00 GMT"}}));
  EXPECT_FALSE(parse_retry_after({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT and more"}}));
}

}  // namespace
}  // namespace freshauth
