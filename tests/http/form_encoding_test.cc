#include "freshauth/http/form_encoding.h"

#include <gtest/gtest.h>

namespace freshauth::detail {
namespace {

TEST(FormEncodingTest, KeepsUnreservedCharactersAndEscapesTheRestInUpperCaseHex) {
  EXPECT_EQ(form_escape("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(form_escape("a b&c=d/e+f"), "a%20b%26c%3Dd%2Fe%2Bf");
  EXPECT_EQ(form_escape("\xC3\xA9\x01"), "%C3%A9%01");
  EXPECT_EQ(form_escape(""), "");
}

TEST(FormEncodingTest, EncodesOrderedPairs) {
  EXPECT_EQ(form_encode({{"grant_type", "refresh_token"}, {"scope", "openid email"}}),
            "grant_type=refresh_token&scope=openid%20email");
}

TEST(FormEncodingTest, BasicAuthorizationEscapesIdAndSecretFirst) {
  // base64("my%20id:s%3Acret")
  EXPECT_EQ(basic_authorization("my id", "s:cret"), "Basic bXklMjBpZDpzJTNBY3JldA==");
}

}  // namespace
}  // namespace freshauth::detail
