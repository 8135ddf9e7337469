#include "freshauth/core/token_claims.h"

#include <gtest/gtest.h>

#include "support/test_tokens.h"

namespace freshauth {
namespace {

using testing::make_token;

TEST(TokenClaimsTest, ReadsExpAndIat) {
  auto claims = decode_claims(make_token({{"exp", 2000}, {"iat", 1000}, {"sub", "u"}}));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->exp, std::chrono::seconds{2000});
  EXPECT_EQ(claims->iat, std::chrono::seconds{1000});
  EXPECT_EQ(claims->payload["sub"], "u");
}

TEST(TokenClaimsTest, FractionalAndMissingDates) {
  auto claims = decode_claims(make_token({{"exp", 2000.9}}));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->exp, std::chrono::seconds{2000});
  EXPECT_FALSE(claims->iat);
  EXPECT_FALSE(decode_claims(make_token({{"exp", 1e300}}))->exp);
  EXPECT_FALSE(decode_claims(make_token({{"exp", "soon"}}))->exp);
}

TEST(TokenClaimsTest, RejectsMalformedTokens) {
  for (const char* bad : {"", "abc", "a.b", "a.b.c.d", "a.!!!.c", "a.bm90IGpzb24.c",
                          "a.WzEsMl0.c" /* an array, not an object */}) {
    auto claims = decode_claims(bad);
    ASSERT_FALSE(claims.ok()) << bad;
    EXPECT_EQ(claims.error().code, Errc::invalid_argument);
  }
  EXPECT_FALSE(decode_claims(std::string(17 * 1024, 'a')).ok());
}

}  // namespace
}  // namespace freshauth
