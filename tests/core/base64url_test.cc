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
  EXPECT_FALSE(base64url_decode("QR"));    // non-zero trailing bits, one byte
  EXPECT_FALSE(base64url_decode("ab=c"));  // padding inside
}

TEST(Base64UrlTest, DecodesIntoACallersBufferWithoutPadding) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) {
    const std::string text = base64url_encode(bytes);
    std::string out(text.size() * 3 / 4, '?');
    const auto size = base64url_decode_into(text, out.data());
    ASSERT_TRUE(size) << "length " << i;
    EXPECT_EQ(out.substr(0, *size), bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
  char out[8];
  EXPECT_FALSE(base64url_decode_into("-_8=", out)) << "padding belongs to base64url_decode only";
  EXPECT_FALSE(base64url_decode_into("ab*d", out));
  EXPECT_FALSE(base64url_decode_into("abcde", out));
}

}  // namespace
}  // namespace freshauth

namespace freshauth {
namespace {

TEST(Base64Test, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=") << "the standard alphabet, not the URL one";
}

}  // namespace
}  // namespace freshauth
