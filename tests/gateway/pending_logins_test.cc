#include "gateway/pending_logins.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

using std::chrono::minutes;

const TimePoint kStart{std::chrono::seconds{1'700'000'000}};

PendingLogin login(std::string binding = "browser-a", TimePoint at = kStart) {
  return {"verifier", "nonce", "/app", std::move(binding), at};
}

TEST(PendingLogins, ALoginIsTakenOnceByTheBrowserThatStartedIt) {
  PendingLogins logins;
  const std::string state = logins.begin(login());
  EXPECT_EQ(state.size(), 43u);
  auto taken = logins.take(state, "browser-a", kStart + minutes{1});
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->code_verifier, "verifier");
  EXPECT_EQ(taken->return_to, "/app");
  EXPECT_FALSE(logins.take(state, "browser-a", kStart + minutes{1})) << "replayed";
}

TEST(PendingLogins, AnotherBrowserUsesItUpWithoutSigningIn) {
  PendingLogins logins;
  const std::string state = logins.begin(login());
  EXPECT_FALSE(logins.take(state, "browser-b", kStart));
  EXPECT_FALSE(logins.take(state, "browser-a", kStart)) << "gone after a mismatch";
}

TEST(PendingLogins, UnknownAndExpiredStatesGiveNothing) {
  PendingLogins logins{minutes{10}};
  EXPECT_FALSE(logins.take("no-such-state", "browser-a", kStart));
  const std::string state = logins.begin(login());
  EXPECT_FALSE(logins.take(state, "browser-a", kStart + minutes{10}));
}

TEST(PendingLogins, AFloodKeepsOnlyTheNewest) {
  PendingLogins logins{minutes{10}, 100};
  const std::string first = logins.begin(login());
  std::string last;
  for (int i = 0; i < 1000; ++i) last = logins.begin(login());
  EXPECT_LE(logins.size(), 100u);
  EXPECT_FALSE(logins.take(first, "browser-a", kStart));
  EXPECT_TRUE(logins.take(last, "browser-a", kStart));
}

TEST(PendingLogins, ExpiredLoginsAreDroppedAsNewOnesArrive) {
  PendingLogins logins{minutes{10}, 100};
  for (int i = 0; i < 50; ++i) (void)logins.begin(login());
  (void)logins.begin(login("browser-a", kStart + minutes{11}));
  EXPECT_EQ(logins.size(), 1u);
}

}  // namespace
}  // namespace freshauth::gateway
