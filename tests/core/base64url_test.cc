#include "freshauth/core/base64url.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

TEST(Base64UrlTest, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes) << "length " << i;
    bytes.push_back(static_cast<char>(i * 37));
  }
}

TEST(Base64UrlTest, UsesTheUrlAlphabetWithoutPadding) {
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), "\xfb\xff");
  EXPECT_EQ(base64url_decode("-_8="), "\xfb\xff");
}

TEST(Base64UrlTest, RejectsWhatIsNotBase64Url) {
  EXPECT_FALSE(base64url_decode("ab+c"));  // standard alphabet
  EXPECT_FALSE(base64url_decode("a"));     // impossible length
  EXPECT_FALSE(base64url_decode("ab c"));  // whitespace
  EXPECT_FALSE(base64url_decode("-_9"));   // non-zero trailing bits
}

}  // namespace
}  // namespace freshauth
