#include "freshauth/flows/device_sign_in.h"

#include <gtest/gtest.h>

#include "support/fake_transport.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

// A ManualClock moved by whoever waits on it: sleep_until jumps to the deadline at once, so the
// flow's whole polling schedule runs without anybody sleeping.
class JumpingClock final : public Clock {
 public:
  TimePoint now() const noexcept override { return time_.now(); }
  bool sleep_until(TimePoint deadline, std::stop_token stop) const override {
    if (stop.stop_requested()) return false;
    if (time_.now() < deadline) time_.set(deadline);
    return true;
  }
  TimePoint start() const { return start_; }

 private:
  mutable ManualClock time_;
  TimePoint start_ = time_.now();
};

// Remembers when (on the clock) each request was sent.
class TimedTransport final : public HttpTransport {
 public:
  explicit TimedTransport(std::shared_ptr<const Clock> clock) : clock_(std::move(clock)) {}
  HttpResult send(const HttpRequest& request) override {
    sent_at.push_back(clock_->now());
    return script.send(request);
  }
  FakeTransport script;
  std::vector<TimePoint> sent_at;

 private:
  std::shared_ptr<const Clock> clock_;
};

constexpr const char* kStarted =
    R"({"device_code":"DC","user_code":"WDJB-MJHT","verification_uri":"https://id.example.com/device",
        "expires_in":60,"interval":5})";
constexpr const char* kPending = R"({"error":"authorization_pending"})";
constexpr const char* kTokens =
    R"({"access_token":"AT","id_token":"ID","refresh_token":"RT","expires_in":300})";

class DeviceSignInTest : public ::testing::Test {
 protected:
  DeviceSignInTest() {
    OAuth2Endpoints endpoints;
    endpoints.issuer = "https://id.example.com";
    endpoints.token_endpoint = "https://id.example.com/token";
    endpoints.device_authorization_endpoint = "https://id.example.com/device_authorization";
    authenticator_ = std::make_unique<OAuth2Authenticator>(OAuth2AuthenticatorOptions{
        endpoints, {"cli", std::nullopt, ClientAuthMethod::none, {}}, transport_});
  }

  Result<AdoptableGrant> sign_in(std::stop_token stop = {}) {
    DeviceSignInOptions options;
    options.clock = clock_;
    options.stop = std::move(stop);
    options.show_code = [this](const DeviceAuthorization& shown) {
      shown_.push_back(shown.user_code);
    };
    return sign_in_with_device(*authenticator_, options);
  }

  // Seconds after the start at which each token poll went out (the first request starts).
  std::vector<long long> poll_times() const {
    std::vector<long long> times;
    for (std::size_t i = 1; i < transport_->sent_at.size(); ++i) {
      times.push_back(
          std::chrono::duration_cast<std::chrono::seconds>(transport_->sent_at[i] - clock_->start())
              .count());
    }
    return times;
  }

  std::shared_ptr<JumpingClock> clock_ = std::make_shared<JumpingClock>();
  std::shared_ptr<TimedTransport> transport_ = std::make_shared<TimedTransport>(clock_);
  std::unique_ptr<OAuth2Authenticator> authenticator_;
  std::vector<std::string> shown_;
};

TEST_F(DeviceSignInTest, PollsAtTheIntervalUntilApproved) {
  transport_->script.reply(200, kStarted);
  transport_->script.reply(400, kPending);
  transport_->script.reply(400, kPending);
  transport_->script.reply(200, kTokens);
  auto signed_in = sign_in();
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  EXPECT_EQ(shown_, std::vector<std::string>{"WDJB-MJHT"});
  EXPECT_EQ(poll_times(), (std::vector<long long>{5, 10, 15}));
  EXPECT_EQ(signed_in->grant.access_token, "AT");
  EXPECT_EQ(signed_in->grant.refresh_token, "RT");
  EXPECT_EQ(signed_in->requested_at, clock_->start() + 15s) << "when the answering poll went out";
}

TEST_F(DeviceSignInTest, SlowDownLengthensEveryLaterInterval) {
  transport_->script.reply(200, kStarted);
  transport_->script.reply(400, kPending);
  transport_->script.reply(400, R"({"error":"slow_down"})");
  transport_->script.reply(400, kPending);
  transport_->script.reply(200, kTokens);
  ASSERT_TRUE(sign_in().ok());
  EXPECT_EQ(poll_times(), (std::vector<long long>{5, 10, 20, 30}));
}

TEST_F(DeviceSignInTest, AccessDeniedEndsTheSignIn) {
  transport_->script.reply(200, kStarted);
  transport_->script.reply(400, kPending);
  transport_->script.reply(400, R"({"error":"access_denied"})");
  auto signed_in = sign_in();
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_credentials);
  EXPECT_EQ(poll_times().size(), 2U);
}

TEST_F(DeviceSignInTest, GivesUpWhenTheCodeExpires) {
  transport_->script.reply(200, kStarted);
  for (int i = 0; i < 20; ++i) transport_->script.reply(400, kPending);
  auto signed_in = sign_in();
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::session_expired);
  EXPECT_EQ(poll_times().size(), 12U) << "every 5 s within the code's 60 s";
}

TEST_F(DeviceSignInTest, ServerTroubleSlowsPollingDown) {
  transport_->script.reply(200, kStarted);
  transport_->script.reply(503, "");
  transport_->script.fail(TransportErrc::timeout, "timed out");
  transport_->script.reply(200, kTokens);
  ASSERT_TRUE(sign_in().ok());
  EXPECT_EQ(poll_times(), (std::vector<long long>{5, 15, 35}));
}

TEST_F(DeviceSignInTest, AStopEndsTheWait) {
  transport_->script.reply(200, kStarted);
  std::stop_source stop;
  stop.request_stop();
  auto signed_in = sign_in(stop.get_token());
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_argument);
  EXPECT_NE(signed_in.error().message.find("cancelled"), std::string::npos);
  EXPECT_TRUE(poll_times().empty());
}

TEST_F(DeviceSignInTest, AServerWithoutTheDeviceGrantIsNamed) {
  OAuth2Endpoints endpoints;
  endpoints.issuer = "https://id.example.com";
  endpoints.token_endpoint = "https://id.example.com/token";
  OAuth2Authenticator without(
      {endpoints, {"cli", std::nullopt, ClientAuthMethod::none, {}}, transport_});
  DeviceSignInOptions options;
  options.clock = clock_;
  auto signed_in = sign_in_with_device(without, options);
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_argument);
  EXPECT_TRUE(transport_->sent_at.empty());
}

}  // namespace
}  // namespace freshauth::testing
