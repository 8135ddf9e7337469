// The Cognito provider against `freshauth idp`'s Cognito JSON API (POST / by X-Amz-Target), on
// 127.0.0.1 port 0 with the test's clock.
#include <gtest/gtest.h>

#include "freshauth/core/session_engine.h"
#include "freshauth/idp/totp.h"
#include "freshauth/providers/cognito_authenticator.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using std::chrono::seconds;

class CognitoAuthenticatorIdpTest : public IdpFixture {
 protected:
  void SetUp() override {
    IdpFixture::SetUp();
    cognito_ = std::make_shared<CognitoAuthenticator>(CognitoAuthenticatorOptions{
        client_id_, std::nullopt, "", server_->base_url() + "/", nullptr});
  }
  TokenGrant alice() {
    auto outcome = cognito_->sign_in({"alice", kAlicePassword});
    EXPECT_TRUE(outcome.ok()) << outcome.error().describe();
    if (!outcome.ok() || !std::holds_alternative<TokenGrant>(*outcome)) return {};
    return std::get<TokenGrant>(*outcome);
  }
  Result<TokenGrant> refresh(const TokenGrant& grant) {
    return cognito_->refresh(
        {grant.refresh_token.value_or(""), std::nullopt, std::nullopt, grant.access_token});
  }

  std::shared_ptr<CognitoAuthenticator> cognito_;
};

TEST_F(CognitoAuthenticatorIdpTest, SignInThenRefresh) {
  const TokenGrant signed_in = alice();
  ASSERT_TRUE(signed_in.refresh_token.has_value());
  EXPECT_EQ(signed_in.expires_in, seconds{3600});
  clock_->advance(seconds{60});
  auto refreshed = refresh(signed_in);
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_NE(refreshed->access_token, signed_in.access_token);
  EXPECT_FALSE(refreshed->refresh_token.has_value());
}

TEST_F(CognitoAuthenticatorIdpTest, WrongPasswordAndUnknownClient) {
  auto wrong = cognito_->sign_in({"alice", "not the password"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::invalid_credentials);
  CognitoAuthenticator stranger(
      {"no-such-client", std::nullopt, "", server_->base_url() + "/", nullptr});
  auto unknown = stranger.sign_in({"alice", kAlicePassword});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, Errc::invalid_argument);
  EXPECT_NE(unknown.error().message.find("ResourceNotFoundException"), std::string::npos);
}

TEST_F(CognitoAuthenticatorIdpTest, TotpChallenge) {
  auto outcome = cognito_->sign_in({"bob", kBobPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto challenge = std::get<MfaChallenge>(*outcome);
  EXPECT_EQ(challenge.name, "SOFTWARE_TOKEN_MFA");
  auto wrong = cognito_->respond_to_mfa(challenge, "000000");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::invalid_credentials);

  auto again = cognito_->sign_in({"bob", kBobPassword});
  const auto code = idp::totp_code(bob_secret_, clock_->now());
  ASSERT_TRUE(code.has_value());
  auto answered = cognito_->respond_to_mfa(std::get<MfaChallenge>(*again), *code);
  ASSERT_TRUE(answered.ok()) << answered.error().describe();
  const auto& grant = std::get<TokenGrant>(*answered);
  EXPECT_TRUE(grant.refresh_token.has_value());
  EXPECT_TRUE(refresh(grant).ok());
}

TEST_F(CognitoAuthenticatorIdpTest, RevokedRefreshTokenIsSessionExpired) {
  const TokenGrant signed_in = alice();
  ASSERT_TRUE(cognito_->revoke(*signed_in.refresh_token).ok());
  auto refreshed = refresh(signed_in);
  ASSERT_FALSE(refreshed.ok());
  EXPECT_EQ(refreshed.error().code, Errc::session_expired);
}

TEST_F(CognitoAuthenticatorIdpTest, GlobalSignOutEndsEverySession) {
  const TokenGrant laptop = alice();
  const TokenGrant phone = alice();
  ASSERT_TRUE(cognito_->global_sign_out(laptop.access_token).ok());
  for (const TokenGrant* device : {&laptop, &phone}) {
    auto refreshed = refresh(*device);
    ASSERT_FALSE(refreshed.ok());
    EXPECT_EQ(refreshed.error().code, Errc::session_expired);
  }
}

TEST_F(CognitoAuthenticatorIdpTest, EngineKeepsTheSessionThroughThreeExpiries) {
  SessionEngineOptions options;
  options.clock = clock_;
  SessionEngine engine(cognito_, options);
  ASSERT_TRUE(engine.sign_in({"alice", kAlicePassword}, {}).ok());
  std::string previous = engine.ensure_fresh().access_token();
  for (int expiry = 0; expiry < 3; ++expiry) {
    clock_->advance(seconds{3600 - 10});  // into the hard window: callers wait for the refresh
    auto session = engine.try_ensure_fresh();
    ASSERT_TRUE(session.ok()) << session.error().describe();
    EXPECT_NE(session->access_token(), previous);
    EXPECT_GT(session->expires_at(), clock_->now() + seconds{3000});
    previous = session->access_token();
  }
}

}  // namespace
}  // namespace freshauth::testing
