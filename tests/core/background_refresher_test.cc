#include "freshauth/core/background_refresher.h"

#include <gtest/gtest.h>

#include "support/fake_authenticator.h"
#include "support/session_events.h"
#include "support/wait_until.h"

namespace freshauth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;

// Counts refreshes and lets the test wait for the refresher's thread to act.
class BackgroundRefresherTest : public ::testing::Test {
 protected:
  BackgroundRefresherTest() {
    SessionEngineOptions options;
    options.clock = clock;
    options.executor = inline_executor();
    options.observers = {progress};
    engine = std::make_unique<SessionEngine>(auth, options);
  }

  BackgroundRefresherOptions service_account() {
    BackgroundRefresherOptions options;
    options.credentials = Credentials{"svc", "correct horse"};
    options.context = {"partner-1", {}, {}};
    options.tick_jitter = 0;
    options.random_seed = 1;
    return options;
  }

  // Moves time one tick at a time until the refresher has ticked `n` times in all.
  void tick_until(BackgroundRefresher& refresher, std::uint64_t n) {
    while (refresher.ticks() < n) {
      const auto before = refresher.ticks();
      clock->advance(seconds{60});
      ASSERT_TRUE(testing::wait_until([&] { return refresher.ticks() != before; }))
          << "the refresher did not tick within the deadline";
    }
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<FakeAuthenticator> auth = std::make_shared<FakeAuthenticator>(*clock);
  std::shared_ptr<testing::SessionEvents> progress = std::make_shared<testing::SessionEvents>();
  std::unique_ptr<SessionEngine> engine;
};

TEST_F(BackgroundRefresherTest, SignsInAtStart) {
  BackgroundRefresher refresher(*engine, service_account());
  ASSERT_TRUE(refresher.start().ok());
  EXPECT_EQ(auth->sign_ins, 1);
  EXPECT_EQ(engine->ensure_fresh().partner_id(), "partner-1");
}

TEST_F(BackgroundRefresherTest, WithoutSessionOrCredentialsStartFailsClearly) {
  BackgroundRefresher refresher(*engine, {});
  auto started = refresher.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::not_signed_in);
}

TEST_F(BackgroundRefresherTest, WrongPasswordFailsStartUp) {
  auto options = service_account();
  options.credentials->password = "wrong";
  BackgroundRefresher refresher(*engine, options);
  EXPECT_EQ(refresher.start().error().code, Errc::invalid_credentials);
}

TEST_F(BackgroundRefresherTest, MfaOnAServiceAccountSaysToTurnItOff) {
  auth->challenge_next_sign_in = true;
  BackgroundRefresher refresher(*engine, service_account());
  auto started = refresher.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::mfa_required);
  EXPECT_NE(started.error().message.find("turn MFA off"), std::string::npos);
}

TEST_F(BackgroundRefresherTest, RefreshesOnlyInsideTheMargin) {
  BackgroundRefresher refresher(*engine, service_account());
  ASSERT_TRUE(refresher.start().ok());
  tick_until(refresher, 49);  // 49 min: 11 min left, outside the 10 min margin
  EXPECT_EQ(auth->refreshes, 0);
  tick_until(refresher, 51);  // 51 min: inside
  ASSERT_TRUE(progress->wait_for_events(1)) << "no refresh or expiry within the deadline";
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

TEST_F(BackgroundRefresherTest, SignsInAgainWhenTheSessionDies) {
  BackgroundRefresher refresher(*engine, service_account());
  ASSERT_TRUE(refresher.start().ok());
  auth->fail_next({Errc::session_expired, "invalid_grant", {}});
  tick_until(refresher, 51);  // refresh rejected: the session dies
  ASSERT_TRUE(progress->wait_for_events(1)) << "no refresh or expiry within the deadline";
  tick_until(refresher, 52);  // next tick signs in again
  EXPECT_EQ(auth->sign_ins, 2);
  EXPECT_TRUE(engine->try_ensure_fresh().ok());
}

TEST_F(BackgroundRefresherTest, StopsPromptlyWithoutWaitingOutTheTick) {
  auto options = service_account();
  options.tick = std::chrono::hours{24};
  BackgroundRefresher refresher(*engine, options);
  ASSERT_TRUE(refresher.start().ok());
  refresher.stop();  // would hang for a day (of manual time: forever) if the wait were slept out
  EXPECT_EQ(refresher.ticks(), 0U);
}

}  // namespace
}  // namespace freshauth
