#include "freshauth/security/fingerprint.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

TEST(FingerprintTest, IsTheFirstEightHexDigitsOfSha256) {
  // sha256("abc") = ba7816bf...
  EXPECT_EQ(fingerprint("abc"), "ba7816bf");
  EXPECT_EQ(fingerprint("").size(), 8U);
  EXPECT_NE(fingerprint("refresh-1"), fingerprint("refresh-2"));
}

}  // namespace
}  // namespace freshauth
