#include "demo/demo_sign_in_gate.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "support/fake_authenticator.h"

namespace freshauth::cli {
namespace {

SessionEngineOptions on_clock(std::shared_ptr<ManualClock> clock) {
  SessionEngineOptions options;
  options.clock = std::move(clock);
  return options;
}

class SignInGateTest : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::shared_ptr<testing::FakeAuthenticator> auth_ =
      std::make_shared<testing::FakeAuthenticator>(*clock_, std::chrono::seconds{20});
  SessionEngine engine_{auth_, on_clock(clock_)};
  SessionTracker tracker_{RefreshPolicy{}};
  SignInGate gate_{engine_, tracker_, {"demo", "correct horse"}, {"demo-partner", {}, {}}};
};

TEST_F(SignInGateTest, SignsInWithThePartnerIdAndTracksTheSession) {
  ASSERT_TRUE(gate_.sign_in().ok());
  const auto session = engine_.current();
  ASSERT_TRUE(session);
  EXPECT_EQ(session->partner_id, "demo-partner");
  EXPECT_EQ(tracker_.generation(), session->generation);
  EXPECT_EQ(tracker_.expires_at(), session->expires_at);
  EXPECT_EQ(gate_.forced_sign_ins(), 0u);
}

TEST_F(SignInGateTest, SignsInAgainOnlyWhenTheSessionIsGone) {
  ASSERT_TRUE(gate_.sign_in().ok());
  gate_.sign_in_again();
  EXPECT_EQ(auth_->sign_ins, 1);
  EXPECT_EQ(gate_.forced_sign_ins(), 0u);

  ASSERT_TRUE(engine_.report_unauthorized(engine_.current()->generation));
  gate_.sign_in_again();
  EXPECT_EQ(auth_->sign_ins, 2);
  EXPECT_EQ(gate_.forced_sign_ins(), 1u);
  EXPECT_EQ(tracker_.generation(), engine_.current()->generation);
}

TEST_F(SignInGateTest, ManyThreadsFindingTheSessionGoneSignInOnce) {
  ASSERT_TRUE(gate_.sign_in().ok());
  ASSERT_TRUE(engine_.report_unauthorized(engine_.current()->generation));
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < 8; ++i) threads.emplace_back([this] { gate_.sign_in_again(); });
  }
  EXPECT_EQ(auth_->sign_ins, 2);
  EXPECT_EQ(gate_.forced_sign_ins(), 1u);
}

TEST(SignInGate, ARefusedSignInIsReported) {
  auto clock = std::make_shared<ManualClock>();
  SessionEngine engine{std::make_shared<testing::FakeAuthenticator>(*clock), on_clock(clock)};
  SessionTracker tracker{RefreshPolicy{}};
  SignInGate gate{engine, tracker, {"demo", "wrong"}, {"demo-partner", {}, {}}};
  const auto signed_in = gate.sign_in();
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_credentials);
  gate.sign_in_again();  // pauses briefly, then gives up until the next failure
  EXPECT_EQ(gate.forced_sign_ins(), 0u);
}

}  // namespace
}  // namespace freshauth::cli
