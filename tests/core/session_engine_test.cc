#include "freshauth/core/session_engine.h"

#include <gtest/gtest.h>

#include "freshauth/core/memory_session_store.h"
#include "support/fake_authenticator.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;

class RecordingObserver : public SessionObserver {
 public:
  void on_refreshed(const Session&) override { ++refreshed; }
  void on_refresh_failed(FailureClass failure, const Error&) override {
    (failure == FailureClass::fatal ? fatal : transient)++;
  }
  void on_session_expired(const Error&) override { ++expired; }
  std::atomic<int> refreshed{0}, transient{0}, fatal{0}, expired{0};
};

class SessionEngineTest : public ::testing::Test {
 protected:
  void SetUp() override { make_engine({}); }

  void make_engine(RefreshPolicy policy, std::chrono::seconds lifetime = hours{1}) {
    engine.reset();
    auth = std::make_shared<FakeAuthenticator>(*clock, lifetime);
    SessionEngineOptions options;
    options.policy = policy;
    options.clock = clock;
    options.store = store;
    options.executor = inline_executor();
    options.observers = {observer};
    options.random_seed = 42;
    engine = std::make_unique<SessionEngine>(auth, options);
  }

  void sign_in() {
    auto result = engine->sign_in({"alice", "correct horse"}, {"partner-7", {}, {}});
    ASSERT_TRUE(result.ok()) << result.error().describe();
    ASSERT_FALSE(result->has_value());
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<MemorySessionStore> store = std::make_shared<MemorySessionStore>();
  std::shared_ptr<RecordingObserver> observer = std::make_shared<RecordingObserver>();
  std::shared_ptr<FakeAuthenticator> auth;
  std::unique_ptr<SessionEngine> engine;
};

TEST_F(SessionEngineTest, NotSignedInIsAClearError) {
  auto result = engine->try_ensure_fresh();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::not_signed_in);
  EXPECT_THROW((void)engine->ensure_fresh(), AuthError);
}

TEST_F(SessionEngineTest, FreshSessionIsReturnedWithoutRefreshing) {
  sign_in();
  const SessionSnapshot session = engine->ensure_fresh();
  EXPECT_EQ(session.partner_id(), "partner-7");
  EXPECT_EQ(session.generation(), 1U);
  clock->advance(minutes{54});
  EXPECT_EQ(engine->ensure_fresh().generation(), 1U);
  EXPECT_EQ(auth->refreshes, 0);
}

TEST_F(SessionEngineTest, SoftWindowReturnsCurrentTokenAndRefreshesOnce) {
  // A worker that runs nothing until the test says so shows the caller did not wait.
  std::vector<Task> queued;
  SessionEngineOptions options;
  options.clock = clock;
  options.executor = [&queued](Task task) { queued.push_back(std::move(task)); };
  auth = std::make_shared<FakeAuthenticator>(*clock);
  engine = std::make_unique<SessionEngine>(auth, options);
  sign_in();

  clock->advance(minutes{56});
  EXPECT_EQ(engine->ensure_fresh().generation(), 1U);
  EXPECT_EQ(engine->ensure_fresh().generation(), 1U);
  ASSERT_EQ(queued.size(), 1U) << "exactly one background refresh";
  queued.front()();
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

TEST_F(SessionEngineTest, HardWindowWaitsForTheRefresh) {
  sign_in();
  clock->advance(minutes{59} + seconds{45});
  const SessionSnapshot session = engine->ensure_fresh();
  EXPECT_EQ(session.generation(), 2U);
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_EQ(observer->refreshed, 1);
}

TEST_F(SessionEngineTest, ExpiredSessionIsRefreshedBeforeUse) {
  sign_in();
  clock->advance(hours{3});
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
  EXPECT_GT(engine->ensure_fresh().expires_at(), clock->now() + minutes{59});
}

TEST_F(SessionEngineTest, EveryWindowTransitionInOrder) {
  sign_in();
  const TimePoint start = clock->now();
  struct Step {
    Duration at;
    std::uint64_t generation_seen;
    int refreshes_after;
  };
  // Soft at 55 min, hard at 59.5 min, expiry at 60 min (inline executor: soft refreshes at once).
  for (const Step& step : {Step{minutes{0}, 1, 0}, Step{minutes{54}, 1, 0},
                           Step{minutes{55} + seconds{1}, 1, 1}, Step{minutes{56}, 2, 1}}) {
    clock->set(start + step.at);
    EXPECT_EQ(engine->ensure_fresh().generation(), step.generation_seen);
    EXPECT_EQ(auth->refreshes, step.refreshes_after);
  }
}

TEST_F(SessionEngineTest, TransientFailureWhileValidNeverFailsACaller) {
  sign_in();
  clock->advance(minutes{59} + seconds{40});  // hard window
  for (int i = 0; i < 5; ++i) auth->fail_next({Errc::transient, "503 from server", {}});
  for (int i = 0; i < 50; ++i) {
    auto result = engine->try_ensure_fresh();
    ASSERT_TRUE(result.ok()) << result.error().describe();
    clock->advance(milliseconds{300});
  }
  EXPECT_GE(observer->transient, 1);
  EXPECT_EQ(observer->fatal, 0);
}

TEST_F(SessionEngineTest, TransientFailuresBackOffExponentially) {
  sign_in();
  clock->advance(minutes{56});
  for (int i = 0; i < 10; ++i) auth->fail_next({Errc::transient, "timeout", {}});
  // Each call in the soft window may start a refresh, but only once the backoff has passed.
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(engine->try_ensure_fresh().ok());
    clock->advance(milliseconds{10});  // 10 s in all
  }
  // Backoff 1, 2, 4 s (jitter up to half): three to five attempts in 10 s, not 1,000.
  EXPECT_GE(auth->refreshes, 3);
  EXPECT_LE(auth->refreshes, 5);
}

TEST_F(SessionEngineTest, RetryAfterIsHonoured) {
  sign_in();
  clock->advance(minutes{56});
  auth->fail_next({Errc::transient, "429", seconds{120}});
  (void)engine->ensure_fresh();
  EXPECT_EQ(auth->refreshes, 1);
  clock->advance(seconds{100});
  (void)engine->ensure_fresh();
  EXPECT_EQ(auth->refreshes, 1);
  clock->advance(seconds{21});
  (void)engine->ensure_fresh();  // soft window: served the current token, refreshed behind it
  EXPECT_EQ(auth->refreshes, 2);
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

TEST_F(SessionEngineTest, TransientFailureAfterExpiryFailsWithTransientAndKeepsSession) {
  sign_in();
  clock->advance(hours{2});
  auth->fail_next({Errc::transient, "connection refused", {}});
  auto result = engine->try_ensure_fresh();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::transient);
  EXPECT_NE(engine->current(), nullptr) << "a transient failure keeps the session";
  clock->advance(seconds{5});
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

TEST_F(SessionEngineTest, FatalFailureClearsSessionAndStore) {
  sign_in();
  ASSERT_TRUE(store->load()->has_value());
  clock->advance(minutes{59} + seconds{50});
  auth->fail_next({Errc::session_expired, "invalid_grant", {}});
  auto result = engine->try_ensure_fresh();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::session_expired);
  EXPECT_EQ(engine->current(), nullptr);
  EXPECT_FALSE(store->load()->has_value());
  EXPECT_EQ(observer->fatal, 1);
  EXPECT_EQ(observer->expired, 1);
  EXPECT_EQ(engine->try_ensure_fresh().error().code, Errc::session_expired);
}

TEST_F(SessionEngineTest, UnauthorizedForCurrentGenerationClearsSession) {
  sign_in();
  const auto generation = engine->ensure_fresh().generation();
  EXPECT_TRUE(engine->report_unauthorized(generation));
  EXPECT_EQ(engine->try_ensure_fresh().error().code, Errc::session_expired);
  EXPECT_FALSE(store->load()->has_value());
  EXPECT_EQ(auth->refreshes, 0) << "a 401 is never retried with a refresh";
}

TEST_F(SessionEngineTest, UnauthorizedForStaleGenerationLeavesNewerSessionAlone) {
  sign_in();
  const auto old_generation = engine->ensure_fresh().generation();
  clock->advance(minutes{59} + seconds{50});
  const auto new_generation = engine->ensure_fresh().generation();
  ASSERT_GT(new_generation, old_generation);
  EXPECT_FALSE(engine->report_unauthorized(old_generation));
  EXPECT_EQ(engine->ensure_fresh().generation(), new_generation);
}

TEST_F(SessionEngineTest, NonRotatingRefreshKeepsTheOriginalRefreshToken) {
  sign_in();
  const std::string original = engine->current()->refresh_token;
  for (int i = 0; i < 3; ++i) {
    clock->advance(hours{1});
    (void)engine->ensure_fresh();
    EXPECT_EQ(engine->current()->refresh_token, original);
  }
  EXPECT_EQ(auth->last_refresh_token(), original);
}

TEST_F(SessionEngineTest, RotatingRefreshReplacesTheRefreshToken) {
  auth->rotate_refresh_token = true;
  sign_in();
  clock->advance(hours{1});
  (void)engine->ensure_fresh();
  const std::string rotated = engine->current()->refresh_token;
  EXPECT_EQ(rotated, "rotated-1");
  EXPECT_EQ(store->load()->value().refresh_token, rotated);
  clock->advance(hours{1});
  (void)engine->ensure_fresh();
  EXPECT_EQ(auth->last_refresh_token(), rotated) << "the next refresh uses the rotated token";
}

TEST_F(SessionEngineTest, ShortTokensRefreshAboutOncePerHalfLifeNotOnEveryCall) {
  make_engine({}, seconds{30});
  sign_in();
  for (int i = 0; i < 600; ++i) {  // one minute, a call every 100 ms
    ASSERT_TRUE(engine->try_ensure_fresh().ok());
    clock->advance(milliseconds{100});
  }
  EXPECT_GE(auth->refreshes, 3);
  EXPECT_LE(auth->refreshes, 5);
}

TEST_F(SessionEngineTest, UncappedThresholdRefreshesShortTokensOnEveryCall) {
  RefreshPolicy naive;
  naive.max_threshold_fraction = 1.0;
  make_engine(naive, seconds{30});
  sign_in();
  for (int i = 0; i < 600; ++i) {
    ASSERT_TRUE(engine->try_ensure_fresh().ok());
    clock->advance(milliseconds{100});
  }
  EXPECT_GT(auth->refreshes, 500) << "the cap above is what prevents this";
}

TEST_F(SessionEngineTest, MfaChallengeThenCode) {
  auth->challenge_next_sign_in = true;
  auto first = engine->sign_in({"alice", "correct horse"}, {"p", {}, {}});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ(engine->try_ensure_fresh().error().code, Errc::not_signed_in);
  EXPECT_EQ(engine->complete_mfa(**first, "000000", {"p", {}, {}}).error().code,
            Errc::invalid_credentials);
  ASSERT_TRUE(engine->complete_mfa(**first, "123456", {"p", {}, {}}).ok());
  EXPECT_EQ(engine->ensure_fresh().partner_id(), "p");
}

TEST_F(SessionEngineTest, WrongPasswordIsInvalidCredentials) {
  auto result = engine->sign_in({"alice", "wrong"}, {"p", {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_credentials);
}

TEST_F(SessionEngineTest, RestoreLoadsTheStoredSession) {
  sign_in();
  make_engine({});
  EXPECT_EQ(engine->try_ensure_fresh().error().code, Errc::not_signed_in);
  ASSERT_TRUE(engine->restore().value());
  EXPECT_EQ(engine->ensure_fresh().generation(), 1U);
  clock->advance(hours{1});
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

TEST_F(SessionEngineTest, SignOutRevokesAndClears) {
  sign_in();
  ASSERT_TRUE(engine->sign_out().ok());
  EXPECT_EQ(auth->revocations, 1);
  EXPECT_EQ(engine->try_ensure_fresh().error().code, Errc::not_signed_in);
  EXPECT_FALSE(store->load()->has_value());
}

TEST_F(SessionEngineTest, GenerationsKeepIncreasingAcrossSignIns) {
  sign_in();
  ASSERT_TRUE(engine->report_unauthorized(1));
  sign_in();
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
  EXPECT_FALSE(engine->report_unauthorized(1)) << "an old 401 cannot kill the new session";
}

TEST_F(SessionEngineTest, RefreshIfWithinMarginForTheBackgroundRefresher) {
  sign_in();
  ASSERT_TRUE(engine->refresh_if_within(minutes{10}).ok());
  EXPECT_EQ(auth->refreshes, 0);
  clock->advance(minutes{51});
  ASSERT_TRUE(engine->refresh_if_within(minutes{10}).ok());
  EXPECT_EQ(auth->refreshes, 1);
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
}

}  // namespace
}  // namespace freshauth

namespace freshauth {
namespace {

TEST(SessionEngineSharedStoreTest, SignInNumbersAfterTheStoredGeneration) {
  auto clock = std::make_shared<ManualClock>();
  auto store = std::make_shared<MemorySessionStore>();
  auto auth = std::make_shared<testing::FakeAuthenticator>(*clock);
  SessionEngineOptions options;
  options.clock = clock;
  options.store = store;
  options.executor = inline_executor();
  SessionEngine first(auth, options);
  ASSERT_TRUE(first.sign_in({"a", "correct horse"}, {"p", {}, {}}).ok());
  for (int i = 0; i < 3; ++i) {
    clock->advance(std::chrono::hours{1});
    (void)first.ensure_fresh();
  }
  ASSERT_EQ(store->load()->value().generation, 4U);
  SessionEngine second(auth, options);  // another process: nothing in memory yet
  ASSERT_TRUE(second.sign_in({"a", "correct horse"}, {"p", {}, {}}).ok());
  EXPECT_EQ(second.ensure_fresh().generation(), 5U);
}

}  // namespace
}  // namespace freshauth
