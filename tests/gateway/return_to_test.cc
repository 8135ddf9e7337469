#include "gateway/return_to.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

TEST(ReturnTo, PathsOnThisSitePass) {
  EXPECT_EQ(safe_return_to("/"), "/");
  EXPECT_EQ(safe_return_to("/app/orders?id=7#top"), "/app/orders?id=7#top");
  EXPECT_EQ(safe_return_to("/search?q=a%20b"), "/search?q=a%20b");
}

TEST(ReturnTo, AnythingThatCouldLeaveTheSiteIsRefused) {
  for (const char* bad :
       {"", "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
        "evil.example", "javascript:alert(1)", "/%2F%2Fevil.example", "/%5cevil.example", "/a\\b",
        "/a b", "/a\tb", "/a%0d%0aSet-Cookie:x=1", "/a%0Ab", "/a%00", "/a%7f",
        "/a\r\nLocation: https://evil.example"}) {
    EXPECT_FALSE(safe_return_to(bad)) << bad;
  }
  EXPECT_FALSE(safe_return_to("/" + std::string(kMaxReturnToLength, 'a')));
  EXPECT_FALSE(safe_return_to(std::string_view{"/a\0b", 4}));
}

}  // namespace
}  // namespace freshauth::gateway
