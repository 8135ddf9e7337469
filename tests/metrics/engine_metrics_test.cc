#include "freshauth/metrics/engine_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "freshauth/core/session_engine.h"
#include "support/fake_authenticator.h"

namespace freshauth::metrics {
namespace {

using namespace std::chrono_literals;
using testing::FakeAuthenticator;

// Takes `delay` of the test's clock per refresh: the latency the histogram must show.
class SlowAuthenticator final : public Authenticator {
 public:
  SlowAuthenticator(std::shared_ptr<FakeAuthenticator> inner, std::shared_ptr<ManualClock> clock)
      : inner_(std::move(inner)), clock_(std::move(clock)) {}
  Result<SignInOutcome> sign_in(const Credentials& credentials) override {
    return inner_->sign_in(credentials);
  }
  Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                       const std::string& code) override {
    return inner_->respond_to_mfa(challenge, code);
  }
  Result<TokenGrant> refresh(const RefreshRequest& request) override {
    clock_->advance(delay);
    return inner_->refresh(request);
  }
  Result<void> revoke(const std::string& token) override { return inner_->revoke(token); }
  Duration delay{};

 private:
  std::shared_ptr<FakeAuthenticator> inner_;
  std::shared_ptr<ManualClock> clock_;
};

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

class EngineMetricsTest : public ::testing::Test {
 protected:
  EngineMetricsTest() {
    SessionEngineOptions options;
    options.clock = clock_;
    options.executor = inline_executor();
    options.random_seed = 7;
    engine_ = std::make_unique<SessionEngine>(metrics_.instrument("main", slow_, clock_), options);
    attached_.emplace(metrics_.attach("main", *engine_));
  }

  void sign_in() {
    auto signed_in = engine_->sign_in({"alice", "correct horse"}, {"partner-7", {}, {}});
    ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  }
  Result<void> refresh_now(Duration took) {
    slow_->delay = took;
    return engine_->refresh_if_within(24h);
  }
  std::string scrape() const { return metrics_.render().body; }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::shared_ptr<FakeAuthenticator> fake_ = std::make_shared<FakeAuthenticator>(*clock_, 1h);
  std::shared_ptr<SlowAuthenticator> slow_ = std::make_shared<SlowAuthenticator>(fake_, clock_);
  EngineMetrics metrics_{{0.1, 1, 10}};
  std::unique_ptr<SessionEngine> engine_;
  std::optional<EngineMetrics::Attachment> attached_;
};

TEST_F(EngineMetricsTest, BeforeSignInEveryOutcomeIsZeroAndNoExpiryIsShown) {
  const std::string text = scrape();
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="main",outcome="ok"} 0)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="main",outcome="fatal"} 0)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sessions_signed_in{engine="main"} 0)"));
  EXPECT_EQ(text.find("freshauth_session_expires_in_seconds{"), std::string::npos);
}

TEST_F(EngineMetricsTest, CountsScriptedRefreshOutcomesAndTimesThemOnTheEngineClock) {
  sign_in();
  ASSERT_TRUE(refresh_now(62'500us).ok());  // 0.0625 s
  ASSERT_TRUE(refresh_now(1s).ok());        // on the le="1" bound: in that bucket
  fake_->fail_next({Errc::transient, "503 from the token endpoint", {}});
  EXPECT_FALSE(refresh_now(4s).ok());
  clock_->advance(1min);  // past the backoff
  fake_->fail_next({Errc::session_expired, "invalid_grant", {}});
  EXPECT_FALSE(refresh_now(16s).ok());

  const std::string text = scrape();
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="main",outcome="ok"} 2)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="main",outcome="transient"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="main",outcome="fatal"} 1)"));
  EXPECT_TRUE(
      has_line(text, R"(freshauth_refresh_duration_seconds_bucket{engine="main",le="0.1"} 1)"));
  EXPECT_TRUE(
      has_line(text, R"(freshauth_refresh_duration_seconds_bucket{engine="main",le="1"} 2)"));
  EXPECT_TRUE(
      has_line(text, R"(freshauth_refresh_duration_seconds_bucket{engine="main",le="10"} 3)"));
  EXPECT_TRUE(
      has_line(text, R"(freshauth_refresh_duration_seconds_bucket{engine="main",le="+Inf"} 4)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refresh_duration_seconds_sum{engine="main"} 21.0625)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refresh_duration_seconds_count{engine="main"} 4)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sign_ins_total{engine="main",outcome="ok"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_session_ends_total{engine="main",reason="expired"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sessions_signed_in{engine="main"} 0)"));
  EXPECT_EQ(text.find("freshauth_session_expires_in_seconds{"), std::string::npos);
  std::cout << text;  // docs/metrics.md quotes this scrape
}

TEST_F(EngineMetricsTest, ExpiryGaugeIsComputedAtScrapeTimeOnTheEngineClock) {
  sign_in();
  EXPECT_TRUE(has_line(scrape(), R"(freshauth_sessions_signed_in{engine="main"} 1)"));
  EXPECT_TRUE(has_line(scrape(), R"(freshauth_session_expires_in_seconds{engine="main"} 3600)"));
  clock_->advance(10min);
  EXPECT_TRUE(has_line(scrape(), R"(freshauth_session_expires_in_seconds{engine="main"} 3000)"));
  clock_->advance(1h);  // past expiry and nobody asked for the token: honestly negative
  EXPECT_TRUE(has_line(scrape(), R"(freshauth_session_expires_in_seconds{engine="main"} -600)"));
}

TEST_F(EngineMetricsTest, SignOutAndMfaAndFailedSignInsAreCounted) {
  fake_->challenge_next_sign_in = true;
  auto challenged = engine_->sign_in({"alice", "correct horse"}, {"partner-7", {}, {}});
  ASSERT_TRUE(challenged.ok() && challenged->has_value());
  EXPECT_FALSE(engine_->complete_mfa(**challenged, "000000", {"partner-7", {}, {}}).ok());
  ASSERT_TRUE(engine_->complete_mfa(**challenged, "123456", {"partner-7", {}, {}}).ok());
  ASSERT_TRUE(engine_->sign_out().ok());
  const std::string text = scrape();
  EXPECT_TRUE(has_line(text, R"(freshauth_sign_ins_total{engine="main",outcome="challenged"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sign_ins_total{engine="main",outcome="failed"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sign_ins_total{engine="main",outcome="ok"} 1)"));
  EXPECT_TRUE(
      has_line(text, R"(freshauth_session_ends_total{engine="main",reason="signed_out"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sessions_signed_in{engine="main"} 0)"));
}

TEST_F(EngineMetricsTest, ADetachedEngineLeavesTheGaugesAndALabelAttachesOnce) {
  EXPECT_THROW((void)metrics_.attach("main", *engine_), std::invalid_argument);
  attached_.reset();
  const std::string text = scrape();
  EXPECT_EQ(text.find("freshauth_sessions_signed_in{"), std::string::npos);
  EXPECT_NE(text.find("# TYPE freshauth_sessions_signed_in gauge"), std::string::npos);
  attached_.emplace(metrics_.attach("main", *engine_));  // the label is free again
}

TEST_F(EngineMetricsTest, EnginesShareOneEngineMetricsUnderTheirLabels) {
  auto other_fake = std::make_shared<FakeAuthenticator>(*clock_, 1h);
  SessionEngineOptions options;
  options.clock = clock_;
  options.executor = inline_executor();
  SessionEngine other(metrics_.instrument("other", other_fake, clock_), options);
  auto other_attached = metrics_.attach("other", other);
  ASSERT_TRUE(other.sign_in({"bob", "correct horse"}, {"p", {}, {}}).ok());
  ASSERT_TRUE(other.refresh_if_within(24h).ok());
  const std::string text = scrape();
  EXPECT_TRUE(has_line(text, R"(freshauth_sessions_signed_in{engine="main"} 0)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_sessions_signed_in{engine="other"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="main",outcome="ok"} 0)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refreshes_total{engine="other",outcome="ok"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_refresh_duration_seconds_count{engine="other"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_session_expires_in_seconds{engine="other"} 3600)"));
}

TEST_F(EngineMetricsTest, RendersPrometheusContentType) {
  EXPECT_EQ(metrics_.render().content_type, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace freshauth::metrics
