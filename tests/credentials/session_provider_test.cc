#include "freshauth/credentials/session_provider.h"

#include <gtest/gtest.h>

#include "freshauth/credentials/profile_fields.h"
#include "support/fake_transport.h"

namespace freshauth {
namespace {

using testing::FakeTransport;

class SessionProviderTest : public ::testing::Test {
 protected:
  Result<SessionProvider> make(const ProfileSettings& settings) {
    return make_session_provider(settings, transport_);
  }
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
};

TEST_F(SessionProviderTest, PartnerIsTheDefaultAndBelongsToItsEndpoint) {
  ProfileSettings settings;
  settings.endpoint = "http://127.0.0.1:8080";
  auto provider = make(settings);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_EQ(provider->kind, ProviderKind::partner);
  EXPECT_EQ(provider->server, "http://127.0.0.1:8080");
  EXPECT_NE(provider->authenticator, nullptr);
  EXPECT_EQ(provider->cognito, nullptr);
  EXPECT_EQ(provider->oauth2, nullptr);
}

TEST_F(SessionProviderTest, AnUnknownProviderNamesTheChoices) {
  ProfileSettings settings;
  settings.provider = "saml";
  auto provider = make(settings);
  ASSERT_FALSE(provider.ok());
  EXPECT_EQ(provider.error().code, Errc::invalid_argument);
  EXPECT_NE(provider.error().message.find("partner, cognito or oauth2"), std::string::npos);
}

TEST_F(SessionProviderTest, CognitoBelongsToItsRegionsEndpoint) {
  ProfileSettings settings;
  settings.provider = "cognito";
  settings.client_id = "app-client";
  settings.region = "eu-west-1";
  auto provider = make(settings);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_EQ(provider->kind, ProviderKind::cognito);
  EXPECT_EQ(provider->server, "https://cognito-idp.eu-west-1.amazonaws.com");
  ASSERT_NE(provider->cognito, nullptr);
  EXPECT_EQ(provider->authenticator, provider->cognito);
}

TEST_F(SessionProviderTest, CognitoSaysWhichSettingIsMissing) {
  ProfileSettings settings;
  settings.provider = "cognito";
  auto no_client = make(settings);
  ASSERT_FALSE(no_client.ok());
  EXPECT_NE(no_client.error().message.find("--client-id"), std::string::npos);
  settings.client_id = "app-client";
  auto no_region = make(settings);
  ASSERT_FALSE(no_region.ok());
  EXPECT_NE(no_region.error().message.find("--region"), std::string::npos);
}

TEST_F(SessionProviderTest, OAuth2DiscoversItsEndpointsFromTheIssuer) {
  transport_->reply(200, R"({"issuer": "https://id.example.com",
      "authorization_endpoint": "https://id.example.com/auth",
      "token_endpoint": "https://id.example.com/token",
      "revocation_endpoint": "https://id.example.com/revoke"})");
  ProfileSettings settings;
  settings.provider = "oauth2";
  settings.client_id = "cli";
  settings.issuer = "https://id.example.com";
  auto provider = make(settings);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_EQ(provider->server, "https://id.example.com");
  ASSERT_EQ(transport_->requests().size(), 1U);
  EXPECT_EQ(transport_->requests()[0].url,
            "https://id.example.com/.well-known/openid-configuration");

  ProfileSettings recorded;
  record_endpoints(provider->oauth2->endpoints(), recorded);
  EXPECT_EQ(recorded.token_endpoint, "https://id.example.com/token");
  EXPECT_EQ(recorded.revocation_endpoint, "https://id.example.com/revoke");
  EXPECT_FALSE(recorded.device_authorization_endpoint.has_value());
}

TEST_F(SessionProviderTest, OAuth2WithRecordedEndpointsAsksNothing) {
  ProfileSettings settings;
  settings.provider = "oauth2";
  settings.client_id = "cli";
  settings.issuer = "https://id.example.com";
  settings.token_endpoint = "https://id.example.com/token";
  auto provider = make(settings);
  ASSERT_TRUE(provider.ok()) << provider.error().message;
  EXPECT_TRUE(transport_->requests().empty());
  EXPECT_EQ(provider->oauth2->endpoints().token_endpoint, "https://id.example.com/token");
}

TEST_F(SessionProviderTest, AConfidentialOAuth2ClientNeedsItsSecretFromTheEnvironment) {
  ProfileSettings settings;
  settings.provider = "oauth2";
  settings.client_id = "cli";
  settings.token_endpoint = "https://id.example.com/token";
  settings.client_auth = "client_secret_post";
  auto provider = make(settings);
  ASSERT_FALSE(provider.ok());
  EXPECT_NE(provider.error().message.find("FRESHAUTH_CLIENT_SECRET"), std::string::npos);
  EXPECT_NE(provider.error().message.find("never on the command line"), std::string::npos);
  settings.client_secret = "s3cret";
  auto with_secret = make(settings);
  ASSERT_TRUE(with_secret.ok()) << with_secret.error().message;
  EXPECT_EQ(with_secret->oauth2->client().auth_method, ClientAuthMethod::client_secret_post);
}

TEST(ProviderSettingsTest, TheClientSecretHasNoFlag) {
  const ProfileField* secret = find_profile_field("client_secret");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE(secret->secret);
  EXPECT_FALSE(find_profile_field("client_id")->secret);
}

}  // namespace
}  // namespace freshauth
