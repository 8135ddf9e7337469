#include "gateway/pending_login.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

TEST(PendingLogin, BelongsOnlyToTheBrowserWhoseCookieItWasBoundTo) {
  const PendingLogin login{"verifier", "nonce", "/app", "binding-of-a", TimePoint{}};
  EXPECT_TRUE(started_by(login, "binding-of-a"));
  EXPECT_FALSE(started_by(login, "binding-of-b"));
  EXPECT_FALSE(started_by(login, "binding-of-a-and-more"));
  EXPECT_FALSE(started_by(login, ""));
}

}  // namespace
}  // namespace freshauth::gateway
