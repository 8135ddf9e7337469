#include "freshauth/logging/logging_observer.h"

#include <gtest/gtest.h>

#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include "freshauth/core/session_engine.h"
#include "freshauth/logging/logging_authenticator.h"
#include "freshauth/security/fingerprint.h"
#include "support/fake_authenticator.h"

namespace freshauth {
namespace {

using namespace std::chrono_literals;
using testing::FakeAuthenticator;

class CapturedLog {
 public:
  LogSink sink() {
    return [this](LogLevel level, std::string_view line) {
      const std::lock_guard lock(mutex_);
      text_ += std::string{to_string(level)} + ": " + std::string{line} + "\n";
    };
  }
  std::string text() const {
    const std::lock_guard lock(mutex_);
    return text_;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

// Sign-in, two refreshes (one rotating the refresh token), a transient and a fatal failure,
// then a new sign-in and a sign-out: every token the run saw is checked against the log.
TEST(LoggingObserver, ARunOfRefreshesLogsFingerprintsAndNoTokens) {
  auto clock = std::make_shared<ManualClock>();
  auto fake = std::make_shared<FakeAuthenticator>(*clock, 1h);
  CapturedLog log;
  SessionEngineOptions options;
  options.clock = clock;
  options.executor = inline_executor();
  options.random_seed = 3;
  options.observers = {std::make_shared<LoggingObserver>(log.sink())};
  SessionEngine engine(std::make_shared<LoggingAuthenticator>(fake, log.sink()), options);

  std::vector<std::string> secrets;
  auto remember = [&] {
    const auto session = engine.current();
    ASSERT_TRUE(session);
    secrets.insert(secrets.end(),
                   {session->access_token, session->id_token, session->refresh_token});
  };
  ASSERT_TRUE(engine.sign_in({"alice", "correct horse"}, {"p", {}, {}}).ok());
  remember();
  ASSERT_TRUE(engine.refresh_if_within(24h).ok());
  remember();
  fake->rotate_refresh_token = true;
  ASSERT_TRUE(engine.refresh_if_within(24h).ok());
  remember();
  fake->fail_next({Errc::transient, "503 from the token endpoint", {}});
  EXPECT_FALSE(engine.refresh_if_within(24h).ok());
  clock->advance(1min);
  fake->fail_next({Errc::session_expired, "invalid_grant", {}});
  EXPECT_FALSE(engine.refresh_if_within(24h).ok());
  ASSERT_TRUE(engine.sign_in({"alice", "correct horse"}, {"p", {}, {}}).ok());
  remember();
  ASSERT_TRUE(engine.sign_out().ok());

  const std::string text = log.text();
  for (const auto& secret : secrets) {
    ASSERT_GE(secret.size(), 8u);
    EXPECT_EQ(text.find(secret), std::string::npos) << "a token reached the log";
    // Not even a part of one: every 12-character window of every token is absent.
    for (std::size_t i = 0; i + 12 <= secret.size(); ++i) {
      ASSERT_EQ(text.find(secret.substr(i, 12)), std::string::npos) << "token fragment logged";
    }
  }
  for (std::size_t i = 1; i <= 2; ++i) {
    EXPECT_NE(text.find("access token " + fingerprint(secrets[3 * i])), std::string::npos);
  }
  EXPECT_NE(text.find("refresh token " + fingerprint(secrets[8])), std::string::npos);  // rotated
  EXPECT_NE(text.find("info: signed in: access token " + fingerprint(secrets[0])),
            std::string::npos);
  EXPECT_NE(
      text.find("info: session refreshed: generation 2, access token " + fingerprint(secrets[3])),
      std::string::npos);
  EXPECT_NE(text.find("warning: refresh failed (transient, will retry): "), std::string::npos);
  EXPECT_NE(text.find("error: refresh failed (fatal): "), std::string::npos);
  EXPECT_NE(text.find("warning: session expired: "), std::string::npos);
  EXPECT_NE(text.find("info: signed out: refresh token " + fingerprint(secrets[11]) + " revoked"),
            std::string::npos);
  std::cout << text;  // shown in the test output: fingerprints only
}

TEST(LoggingAuthenticator, FailedSignInsAndChallengesAreLoggedWithoutThePassword) {
  ManualClock clock;
  auto fake = std::make_shared<FakeAuthenticator>(clock);
  CapturedLog log;
  LoggingAuthenticator logging(fake, log.sink());
  EXPECT_FALSE(logging.sign_in({"alice", "hunter2-wrong"}).ok());
  fake->challenge_next_sign_in = true;
  EXPECT_TRUE(logging.sign_in({"alice", "correct horse"}).ok());
  const std::string text = log.text();
  EXPECT_NE(text.find("warning: sign-in failed: "), std::string::npos);
  EXPECT_NE(text.find("info: sign-in needs a second factor: SOFTWARE_TOKEN_MFA"),
            std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(text.find("correct horse"), std::string::npos);
}

}  // namespace
}  // namespace freshauth
