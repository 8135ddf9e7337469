// The Cognito provider's wire format and success paths, against bodies shaped as the Amazon
// Cognito API reference documents them.
#include "freshauth/providers/cognito_authenticator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "providers/cognito_documented_responses.h"
#include "providers/cognito_secret_hash.h"
#include "support/fake_transport.h"

namespace freshauth {
namespace {

namespace cognito = testing::cognito;
using nlohmann::json;
using std::chrono::seconds;

constexpr const char* kClientId = "4lh3ri2e2s0bb7pvl0qm3ek2v1";
constexpr const char* kSecret = "1c2s6ujkc5rmi0tv9bmlr2kp7q5bpn8a1kpjq4r4r5p0j7ul3f2e";
constexpr const char* kPassword = "correct horse battery";

class CognitoAuthenticatorTest : public ::testing::Test {
 protected:
  CognitoAuthenticator make(std::optional<std::string> secret = std::nullopt) {
    return CognitoAuthenticator(
        {kClientId, std::move(secret), "eu-west-1", std::nullopt, transport});
  }
  HttpRequest last_request() const { return transport->requests().back(); }
  json last_body() const { return json::parse(last_request().body); }
  void expect_target(const std::string& operation) const {
    const HttpRequest request = last_request();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.url, "https://cognito-idp.eu-west-1.amazonaws.com/");
    EXPECT_EQ(request.headers.find("Content-Type"), "application/x-amz-json-1.1");
    EXPECT_EQ(request.headers.find("X-Amz-Target"),
              "AWSCognitoIdentityProviderService." + operation);
  }

  std::shared_ptr<testing::FakeTransport> transport = std::make_shared<testing::FakeTransport>();
};

TEST_F(CognitoAuthenticatorTest, SignInIsInitiateAuthWithUserPasswordAuth) {
  transport->reply(200, cognito::tokens().dump());
  auto outcome = make().sign_in({cognito::kUsername, kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  expect_target("InitiateAuth");
  EXPECT_EQ(
      last_body(),
      (json{{"AuthFlow", "USER_PASSWORD_AUTH"},
            {"ClientId", kClientId},
            {"AuthParameters", {{"USERNAME", cognito::kUsername}, {"PASSWORD", kPassword}}}}));
  const auto& grant = std::get<TokenGrant>(*outcome);
  EXPECT_EQ(grant.access_token, cognito::access_token());
  EXPECT_EQ(grant.id_token, cognito::id_token());
  EXPECT_EQ(grant.refresh_token, cognito::kRefreshToken);
  EXPECT_EQ(grant.expires_in, seconds{3600});
  EXPECT_FALSE(grant.new_device.has_value());
}

TEST_F(CognitoAuthenticatorTest, MissingExpiresInIsNormal) {
  transport->reply(200, cognito::tokens(/*with_expires_in=*/false).dump());
  auto outcome = make().sign_in({cognito::kUsername, kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  EXPECT_FALSE(std::get<TokenGrant>(*outcome).expires_in.has_value());
}

TEST_F(CognitoAuthenticatorTest, NewDeviceMetadataBecomesTheSessionsDevice) {
  transport->reply(200, cognito::tokens_with_new_device().dump());
  auto outcome = make().sign_in({cognito::kUsername, kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto& device = std::get<TokenGrant>(*outcome).new_device;
  ASSERT_TRUE(device.has_value());
  EXPECT_EQ(device->device_key, "eu-west-1_0f3c3a2e-6d4b-4c9a-8f61-0a1b2c3d4e5f");
  EXPECT_EQ(device->device_group_key, "-Xk8ZQp0T");
}

TEST_F(CognitoAuthenticatorTest, ClientSecretAddsSecretHashOfTheTypedUsername) {
  transport->reply(200, cognito::tokens().dump());
  ASSERT_TRUE(make(kSecret).sign_in({cognito::kUsername, kPassword}).ok());
  // Pinned from `printf 'alice@example.com4lh3ri2e2s0bb7pvl0qm3ek2v1' |
  // openssl dgst -sha256 -hmac <secret> -binary | base64`.
  EXPECT_EQ(last_body()["AuthParameters"]["SECRET_HASH"],
            "MLXZcWVqOvB5W7XkPacOv/qOJear26RLvTQMwRZC6kI=");
}

TEST_F(CognitoAuthenticatorTest, SoftwareTokenChallengeIsAnsweredWithTheCode) {
  transport->reply(200, cognito::software_token_challenge().dump());
  transport->reply(200, cognito::tokens().dump());
  CognitoAuthenticator auth = make(kSecret);
  auto outcome = auth.sign_in({cognito::kUsername, kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto challenge = std::get<MfaChallenge>(*outcome);
  EXPECT_EQ(challenge.name, "SOFTWARE_TOKEN_MFA");
  EXPECT_EQ(challenge.username, cognito::kPoolUsername);  // USER_ID_FOR_SRP, not the alias
  EXPECT_EQ(challenge.session, "AYABeBBsY5be-this-is-an-example-session-value");

  auto answered = auth.respond_to_mfa(challenge, "123456");
  ASSERT_TRUE(answered.ok()) << answered.error().describe();
  EXPECT_TRUE(std::holds_alternative<TokenGrant>(*answered));
  expect_target("RespondToAuthChallenge");
  EXPECT_EQ(last_body(),
            (json{{"ChallengeName", "SOFTWARE_TOKEN_MFA"},
                  {"ClientId", kClientId},
                  {"Session", challenge.session},
                  {"ChallengeResponses",
                   {{"USERNAME", cognito::kPoolUsername},
                    {"SOFTWARE_TOKEN_MFA_CODE", "123456"},
                    {"SECRET_HASH",
                     detail::cognito_secret_hash(cognito::kPoolUsername, kClientId, kSecret)}}}}));
}

TEST_F(CognitoAuthenticatorTest, SmsChallengeIsAnsweredWithSmsMfaCode) {
  transport->reply(200, cognito::sms_challenge().dump());
  transport->reply(200, cognito::tokens().dump());
  CognitoAuthenticator auth = make();
  auto outcome = auth.sign_in({cognito::kUsername, kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto challenge = std::get<MfaChallenge>(*outcome);
  EXPECT_EQ(challenge.name, "SMS_MFA");
  ASSERT_TRUE(auth.respond_to_mfa(challenge, "654321").ok());
  const json responses = last_body()["ChallengeResponses"];
  EXPECT_EQ(last_body()["ChallengeName"], "SMS_MFA");
  EXPECT_EQ(responses, (json{{"USERNAME", cognito::kPoolUsername}, {"SMS_MFA_CODE", "654321"}}));
}

TEST_F(CognitoAuthenticatorTest, OtherChallengesSayWhatTheUserMustDo) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"NEW_PASSWORD_REQUIRED", "temporary password"},
      {"MFA_SETUP", "none set up"},
      {"SELECT_MFA_TYPE", "preferred"},
      {"CUSTOM_CHALLENGE", "only SOFTWARE_TOKEN_MFA and SMS_MFA"},
      {"DEVICE_SRP_AUTH", "only SOFTWARE_TOKEN_MFA and SMS_MFA"}};
  for (const auto& [name, advice] : cases) {
    transport->reply(200, cognito::challenge(name, json::object()).dump());
    auto outcome = make().sign_in({cognito::kUsername, kPassword});
    ASSERT_FALSE(outcome.ok()) << name;
    EXPECT_EQ(outcome.error().code, Errc::invalid_argument) << name;
    EXPECT_NE(outcome.error().message.find(name), std::string::npos) << outcome.error().message;
    EXPECT_NE(outcome.error().message.find(advice), std::string::npos) << outcome.error().message;
  }
}

TEST_F(CognitoAuthenticatorTest, RefreshIsRefreshTokenAuthWithDeviceKey) {
  transport->reply(200, cognito::refreshed().dump());
  auto grant = make().refresh(
      {cognito::kRefreshToken, "eu-west-1_device", "group", cognito::access_token()});
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  expect_target("InitiateAuth");
  EXPECT_EQ(
      last_body(),
      (json{{"AuthFlow", "REFRESH_TOKEN_AUTH"},
            {"ClientId", kClientId},
            {"AuthParameters",
             {{"REFRESH_TOKEN", cognito::kRefreshToken}, {"DEVICE_KEY", "eu-west-1_device"}}}}));
  EXPECT_FALSE(grant->refresh_token.has_value());  // the session keeps its refresh token
  EXPECT_EQ(grant->expires_in, seconds{3600});
}

TEST_F(CognitoAuthenticatorTest, RefreshWithoutDeviceKeySendsNone) {
  transport->reply(200, cognito::refreshed(/*with_expires_in=*/false).dump());
  auto grant = make().refresh({cognito::kRefreshToken, std::nullopt, std::nullopt, {}});
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  EXPECT_FALSE(last_body()["AuthParameters"].contains("DEVICE_KEY"));
  EXPECT_FALSE(grant->expires_in.has_value());
}

TEST_F(CognitoAuthenticatorTest, RefreshSecretHashIsKeyedByTheTokensUsernameClaim) {
  transport->reply(200, cognito::refreshed().dump());
  ASSERT_TRUE(
      make(kSecret)
          .refresh({cognito::kRefreshToken, std::nullopt, std::nullopt, cognito::access_token()})
          .ok());
  EXPECT_EQ(last_body()["AuthParameters"]["SECRET_HASH"],
            detail::cognito_secret_hash(cognito::kPoolUsername, kClientId, kSecret));
  EXPECT_NE(last_body()["AuthParameters"]["SECRET_HASH"],
            detail::cognito_secret_hash(cognito::kUsername, kClientId, kSecret));
}

TEST_F(CognitoAuthenticatorTest, RefreshWithSecretButNoUsernameClaimAsksToSignInAgain) {
  auto grant = make(kSecret).refresh(
      {cognito::kRefreshToken, std::nullopt, std::nullopt, testing::make_token({{"sub", "x"}})});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::invalid_argument);
  EXPECT_NE(grant.error().message.find("sign in again"), std::string::npos);
  EXPECT_TRUE(transport->requests().empty());
}

TEST_F(CognitoAuthenticatorTest, RevokeSendsTokenClientIdAndClientSecret) {
  transport->reply(200, "{}");
  ASSERT_TRUE(make(kSecret).revoke(cognito::kRefreshToken).ok());
  expect_target("RevokeToken");
  EXPECT_EQ(last_body(), (json{{"Token", cognito::kRefreshToken},
                               {"ClientId", kClientId},
                               {"ClientSecret", kSecret}}));
}

TEST_F(CognitoAuthenticatorTest, GlobalSignOutSendsTheAccessToken) {
  transport->reply(200, "{}");
  ASSERT_TRUE(make().global_sign_out(cognito::access_token()).ok());
  expect_target("GlobalSignOut");
  EXPECT_EQ(last_body(), (json{{"AccessToken", cognito::access_token()}}));
}

TEST_F(CognitoAuthenticatorTest, CustomEndpointWinsOverRegion) {
  CognitoAuthenticator local(
      {kClientId, std::nullopt, "eu-west-1", "http://127.0.0.1:9229/", transport});
  EXPECT_EQ(local.endpoint_url(), "http://127.0.0.1:9229/");
  transport->reply(200, cognito::tokens().dump());
  ASSERT_TRUE(local.sign_in({cognito::kUsername, kPassword}).ok());
  EXPECT_EQ(last_request().url, "http://127.0.0.1:9229/");
}

TEST_F(CognitoAuthenticatorTest, MissingOrMalformedRegionOrClientIdFailsBeforeSending) {
  for (const auto& [client_id, region] : std::vector<std::pair<std::string, std::string>>{
           {kClientId, ""}, {kClientId, "eu-west-1.evil.example/"}, {"", "eu-west-1"}}) {
    CognitoAuthenticator auth({client_id, std::nullopt, region, std::nullopt, transport});
    auto outcome = auth.sign_in({cognito::kUsername, kPassword});
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, Errc::invalid_argument) << region;
  }
  EXPECT_TRUE(transport->requests().empty());
}

}  // namespace
}  // namespace freshauth
