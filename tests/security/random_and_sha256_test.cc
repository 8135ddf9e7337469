#include <gtest/gtest.h>

#include <set>

#include "freshauth/core/base64url.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"

namespace freshauth {
namespace {

TEST(Sha256Hex, MatchesTheFipsExamples) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(RandomToken, IsUnpaddedBase64UrlOfTheAskedBytes) {
  const std::string token = random_token(32);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  auto decoded = base64url_decode(token);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 32u);
}

TEST(RandomToken, DoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(random_token(16)).second);
  EXPECT_EQ(random_bytes(0), "");
}

}  // namespace
}  // namespace freshauth
