#include "gateway/memory_pending_logins.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

using std::chrono::minutes;

const TimePoint kStart{std::chrono::seconds{1'700'000'000}};

PendingLogin login(TimePoint at = kStart) { return {"verifier", "nonce", "/app", "browser-a", at}; }

std::optional<PendingLogin> taken(MemoryPendingLogins& logins, const std::string& state,
                                  TimePoint now) {
  auto result = logins.take(state, now);
  EXPECT_TRUE(result) << "the memory store never fails";
  return result ? *result : std::nullopt;
}

TEST(MemoryPendingLogins, ALoginIsTakenOnce) {
  MemoryPendingLogins logins;
  ASSERT_TRUE(logins.put("state-1", login()));
  auto first = taken(logins, "state-1", kStart + minutes{1});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->code_verifier, "verifier");
  EXPECT_EQ(first->nonce, "nonce");
  EXPECT_EQ(first->return_to, "/app");
  EXPECT_EQ(first->browser_binding, "browser-a");
  EXPECT_FALSE(taken(logins, "state-1", kStart + minutes{1})) << "replayed";
}

TEST(MemoryPendingLogins, UnknownAndExpiredStatesGiveNothing) {
  MemoryPendingLogins logins{minutes{10}};
  EXPECT_FALSE(taken(logins, "no-such-state", kStart));
  ASSERT_TRUE(logins.put("state-1", login()));
  EXPECT_FALSE(taken(logins, "state-1", kStart + minutes{10}));
  EXPECT_EQ(logins.size(), 0u) << "an expired login is gone once asked for";
}

TEST(MemoryPendingLogins, AFloodKeepsOnlyTheNewest) {
  MemoryPendingLogins logins{minutes{10}, 100};
  ASSERT_TRUE(logins.put("first", login()));
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(logins.put("state-" + std::to_string(i), login()));
  EXPECT_LE(logins.size(), 100u);
  EXPECT_FALSE(taken(logins, "first", kStart));
  EXPECT_TRUE(taken(logins, "state-999", kStart));
}

TEST(MemoryPendingLogins, ExpiredLoginsAreDroppedAsNewOnesArrive) {
  MemoryPendingLogins logins{minutes{10}, 100};
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(logins.put("state-" + std::to_string(i), login()));
  ASSERT_TRUE(logins.put("late", login(kStart + minutes{11})));
  EXPECT_EQ(logins.size(), 1u);
}

}  // namespace
}  // namespace freshauth::gateway
