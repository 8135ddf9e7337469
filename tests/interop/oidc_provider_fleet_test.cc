// Interop: three SessionTable replicas sharing sessions in one redis-server keep oidc-provider
// sessions alive in real time (4 s access tokens) with refresh-token rotation on: a refresh token
// is presented once across the fleet, so the server never sees a reuse and no session is lost.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "freshauth/core/session_table.h"
#include "freshauth/stores/redis_session_table_store.h"
#include "interop/oidc_provider_fixture.h"
#include "support/redis_server.h"

namespace freshauth::testing {
namespace {

using std::chrono::milliseconds;

constexpr int kReplicas = 3;
constexpr int kSessions = 3;
constexpr int kLifetimes = 3;

class OidcProviderFleetTest : public OidcProviderTest {
 protected:
  OidcProviderPeerOptions peer_options() const override { return {.rotate_refresh_tokens = true}; }
};

TEST_F(OidcProviderFleetTest, RotatingRefreshTokensArePresentedOnceAcrossThreeReplicas) {
  RedisServer redis;
  FRESHAUTH_START_REDIS(redis);
  auto authenticator = make_authenticator();
  const EncryptionKey key = EncryptionKey::generate();
  std::vector<std::unique_ptr<SessionTable>> replicas;
  for (int i = 0; i < kReplicas; ++i) {
    SessionTableOptions options;
    options.store = RedisSessionTableStore::open(redis::Client::lazy(redis.endpoint()), key,
                                                 {.prefix = "oidc-fleet:"});
    options.policy.threshold = std::chrono::seconds{1};  // one refresh per 4 s token
    replicas.push_back(std::make_unique<SessionTable>(authenticator, options));
  }
  for (int i = 0; i < kSessions; ++i) {
    auto signed_in = sign_in_with_robot(*authenticator);
    ASSERT_TRUE(signed_in) << signed_in.error().describe();
    ASSERT_TRUE(replicas[i % kReplicas]->adopt("s" + std::to_string(i), signed_in->grant,
                                               signed_in->requested_at, {}));
  }
  const SystemClock clock;
  const auto lifetime = std::chrono::seconds{4};
  const TimePoint end = clock.now() + kLifetimes * lifetime;

  std::atomic<int> calls{0};
  std::atomic<int> failed{0};
  std::mutex failure_mutex;
  std::string first_failure;
  std::vector<std::thread> callers;
  for (int caller = 0; caller < kReplicas; ++caller) {
    callers.emplace_back([&, caller] {
      for (int round = 0; clock.now() < end; ++round) {
        for (int i = 0; i < kSessions; ++i) {
          ++calls;
          // Each call to another replica than the last, as a load balancer spreads them.
          auto snapshot =
              replicas[(caller + i + round) % kReplicas]->acquire("s" + std::to_string(i));
          std::string why;
          if (!snapshot) {
            why = snapshot.error().describe();
          } else if (const int status = userinfo_status(snapshot->access_token()); status != 200) {
            why = "userinfo answered " + std::to_string(status);
          }
          if (!why.empty()) {
            ++failed;
            const std::lock_guard lock(failure_mutex);
            if (first_failure.empty()) first_failure = why;
          }
        }
        std::this_thread::sleep_for(milliseconds{25});  // a caller's pace, not a wait for time
      }
    });
  }
  for (auto& caller : callers) caller.join();

  EXPECT_EQ(failed.load(), 0) << "of " << calls.load() << " calls; first: " << first_failure;
  for (int i = 0; i < kSessions; ++i) {
    for (auto& replica : replicas) {
      EXPECT_TRUE(replica->acquire("s" + std::to_string(i))) << "session " << i << " was lost";
    }
  }
  const OidcProviderStats seen = stats();
  EXPECT_EQ(seen.refresh_token_reuse, 0) << "a refresh token was presented twice";
  EXPECT_EQ(seen.refresh_invalid_grants, 0);
  EXPECT_GE(seen.refresh_grants, kSessions * (kLifetimes - 1));
  // One table would refresh each session every 3 s (less up to 0.4 s of jitter): at most 5 times
  // in these 12 s. The fleet does no more than that.
  EXPECT_LE(seen.refresh_grants, static_cast<int>(1.05 * kSessions * 5));
}

}  // namespace
}  // namespace freshauth::testing
