#include <atomic>
#include <thread>

#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using ParallelRefreshTest = IdpFixture;

TEST_F(ParallelRefreshTest, AThousandParallelRefreshesAllSucceed) {
  const TokenGrant grant = sign_in_alice();
  constexpr int kThreads = 20;
  constexpr int kPerThread = 50;
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}});
        if (refreshed.ok() && !refreshed->access_token.empty()) ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), kThreads * kPerThread);
}

TEST_F(ParallelRefreshTest, LogoutDuringParallelRefreshesNeverCrashes) {
  const TokenGrant grant = sign_in_alice();
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}});
        if (refreshed.ok() || refreshed.error().code == Errc::session_expired) ++answered;
      }
    });
  }
  ASSERT_TRUE(authenticator_->revoke(*grant.refresh_token).ok());
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(answered.load(), 160);
  EXPECT_FALSE(authenticator_->refresh({*grant.refresh_token, {}, {}}).ok());
}

}  // namespace
}  // namespace freshauth::testing
