#include "freshauth/security/wiped_string.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace freshauth {
namespace {

const std::string kLong = "a secret that does not fit in a small string's own buffer";
const std::string kShort = "short secret";

TEST(WipedStringTest, HoldsTheTextItWasGiven) {
  WipedString text{std::string{kLong}};
  EXPECT_EQ(text.view(), kLong);
  text.get() += "!";
  EXPECT_EQ(text.view(), kLong + "!");
}

TEST(WipedStringTest, AMoveCarriesTheTextAndLeavesTheSourceEmpty) {
  for (const std::string& secret : {kLong, kShort}) {
    WipedString source{std::string{secret}};
    const WipedString moved{std::move(source)};
    EXPECT_EQ(moved.view(), secret);
    EXPECT_TRUE(source.view().empty());  // NOLINT(bugprone-use-after-move): what a move leaves
  }
}

TEST(WipedStringTest, AMoveAssignmentReplacesTheText) {
  WipedString target{std::string{kShort}};
  WipedString source{std::string{kLong}};
  target = std::move(source);
  EXPECT_EQ(target.view(), kLong);
  EXPECT_TRUE(source.view().empty());  // NOLINT(bugprone-use-after-move): what a move leaves
}

}  // namespace
}  // namespace freshauth
