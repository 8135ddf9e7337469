#include "freshauth/http/http_headers.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

TEST(HttpHeadersTest, FindsNamesCaseInsensitively) {
  const HttpHeaders headers{{"Content-Type", "application/json"}, {"retry-after", "5"}};
  EXPECT_EQ(headers.find("content-type"), "application/json");
  EXPECT_EQ(headers.find("RETRY-AFTER"), "5");
  EXPECT_FALSE(headers.find("Authorization").has_value());
}

TEST(HttpHeadersTest, SetReplacesEveryFieldOfThatName) {
  HttpHeaders headers{{"authorization", "Bearer old"}, {"AUTHORIZATION", "Bearer older"}};
  headers.set("Authorization", "Bearer new");
  ASSERT_EQ(headers.size(), 1U);
  EXPECT_EQ(headers.find("Authorization"), "Bearer new");
}

TEST(HttpHeadersTest, AddKeepsEarlierFieldsAndFindReturnsTheFirst) {
  HttpHeaders headers;
  headers.add("Set-Cookie", "a=1");
  headers.add("set-cookie", "b=2");
  EXPECT_EQ(headers.size(), 2U);
  EXPECT_EQ(headers.find("SET-COOKIE"), "a=1");
  headers.remove("Set-Cookie");
  EXPECT_TRUE(headers.empty());
}

}  // namespace
}  // namespace freshauth
