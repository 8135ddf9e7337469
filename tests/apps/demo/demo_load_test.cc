// run_load in-process, so that the load threads, the session tracker, the sign-in gate, the
// engine, the client and the server run together under ThreadSanitizer too. Asserts outcomes,
// never timings.
#include "demo/demo_load.h"

#include <gtest/gtest.h>

namespace freshauth::cli {
namespace {

using namespace std::chrono_literals;

DemoOptions short_run(std::chrono::seconds duration, std::chrono::seconds token_lifetime) {
  DemoOptions options;
  options.threads = 4;
  options.duration = duration;
  options.token_lifetime = token_lifetime;
  options.interval = 10ms;
  return options;
}

TEST(DemoLoad, ImprovedEngineServesEveryRequestAcrossRefreshes) {
  StopSignals signals;
  auto run = run_load(EngineMode::improved, short_run(5s, 4s), signals);
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_EQ(run->engine, "improved");
  EXPECT_FALSE(run->interrupted);
  EXPECT_GT(run->requests_ok, 0u);
  EXPECT_EQ(run->requests_failed(), 0u);
  EXPECT_EQ(run->forced_sign_ins, 0u);
  EXPECT_GE(run->refresh_calls, 1u);
  EXPECT_EQ(run->final_generation, 1 + run->refresh_calls - run->failed_refresh_calls);
  EXPECT_EQ(run->all.requests, run->requests_ok);
  EXPECT_LE(run->refresh_window.requests, run->all.requests);
}

TEST(DemoLoad, NaiveEngineTrustingALyingServerIsLoggedOut) {
  StopSignals signals;
  DemoOptions options = short_run(6s, 3s);
  options.expires_in_overstatement = 3600s;
  auto run = run_load(EngineMode::naive, options, signals);
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_EQ(run->engine, "naive");
  EXPECT_FALSE(run->policy.trust_token_claims);
  EXPECT_EQ(run->refresh_calls, 0u);  // it thinks its 3 s tokens live an hour
  EXPECT_GE(run->rejected_401, 1u);
  EXPECT_GE(run->forced_sign_ins, 1u);
  EXPECT_GT(run->requests_ok, 0u);  // and it carries on after signing in again
}

}  // namespace
}  // namespace freshauth::cli
