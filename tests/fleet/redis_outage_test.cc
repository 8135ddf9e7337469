#include <gtest/gtest.h>

#include "fleet/fleet_test_support.h"
#include "freshauth/core/store_unavailable.h"

// Redis stopped and started again under running replicas (persistence on).
namespace freshauth::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST_F(FleetTest, SessionsSurviveARedisRestartAndRequestsFailClearlyWhileItIsDown) {
  start_redis(/*persistent=*/true);
  constexpr int kSessions = 10;
  auto& first = add_replica(false);
  auto& second = add_replica(false);
  auto& third = add_replica(false);
  for (int i = 0; i < kSessions; ++i) sign_in(first, "s" + std::to_string(i));
  for (int i = 0; i < kSessions; ++i) ASSERT_TRUE(second.acquire("s" + std::to_string(i)));

  server_->stop();
  // A replica that never saw the session cannot serve it, and says why.
  auto unseen = third.acquire("s0");
  ASSERT_FALSE(unseen);
  EXPECT_TRUE(is_store_unavailable(unseen.error())) << unseen.error().describe();
  EXPECT_NE(unseen.error().message.find("session store is unreachable"), std::string::npos)
      << unseen.error().message;
  // Replicas that hold a fresh copy keep serving it.
  auto fresh = second.acquire("s0");
  ASSERT_TRUE(fresh);
  // Past the token's expiry no refresh can be coordinated: the store's error, never another
  // session's token.
  clock_->advance(minutes{60} + seconds{10});
  auto expired = first.acquire("s1");
  ASSERT_FALSE(expired);
  EXPECT_TRUE(is_store_unavailable(expired.error())) << expired.error().describe();
  EXPECT_EQ(idp_->refreshes, 0) << "no refresh without the lease";

  ASSERT_TRUE(server_->start());
  clock_->advance(minutes{1});  // past the backoff of the failed attempts
  std::vector<std::string> access_tokens;
  for (int i = 0; i < kSessions; ++i) {
    for (SessionTable* replica : {&first, &second, &third}) {
      auto snapshot = replica->acquire("s" + std::to_string(i));
      ASSERT_TRUE(snapshot) << "s" << i << ": " << snapshot.error().describe();
      EXPECT_GT(snapshot->expires_at(), clock_->now());
      access_tokens.push_back(snapshot->access_token());
    }
    // Every replica serves the same, newest session.
    const auto n = access_tokens.size();
    EXPECT_EQ(access_tokens[n - 1], access_tokens[n - 2]);
    EXPECT_EQ(access_tokens[n - 2], access_tokens[n - 3]);
  }
  ASSERT_TRUE(all_idle());
  EXPECT_EQ(idp_->refreshes, kSessions);
  EXPECT_EQ(idp_->reused, 0);
  auto all = store()->load_all();
  ASSERT_TRUE(all) << all.error().describe();
  EXPECT_EQ(all->sessions.size(), static_cast<std::size_t>(kSessions));
}

}  // namespace
}  // namespace freshauth::testing
