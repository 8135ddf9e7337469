#include "freshauth/providers/oauth2_authenticator.h"

#include <gtest/gtest.h>

#include "freshauth/core/session_engine.h"
#include "providers/oauth2_test_support.h"
#include "support/test_tokens.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

TEST(OAuth2AuthenticatorTest, PublicClientRefreshSendsClientIdInTheForm) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(200, R"({"access_token":"AT-1","token_type":"Bearer","expires_in":300})");
  auto grant = oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt});
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  const auto request = oauth2.transport->requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://id.example.com/token");
  EXPECT_EQ(request.headers.find("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_FALSE(request.headers.contains("Authorization"));
  const server::FormFields expected = {
      {"grant_type", "refresh_token"}, {"refresh_token", "RT-1"}, {"client_id", "cli"}};
  EXPECT_EQ(oauth2.sent_form(), expected);
  EXPECT_EQ(grant->access_token, "AT-1");
  EXPECT_EQ(grant->expires_in, 300s);
  EXPECT_FALSE(grant->refresh_token) << "no rotation: the engine keeps the refresh token it has";
}

TEST(OAuth2AuthenticatorTest, SecretBasicSendsFormEncodedIdAndSecretInTheHeaderOnly) {
  ScriptedOAuth2 oauth2(
      {"my client", "s3cr:t+/=\xC3\xA9", ClientAuthMethod::client_secret_basic, {}});
  oauth2.transport->reply(200, kTokens);
  ASSERT_TRUE(oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt}).ok());
  const auto request = oauth2.transport->requests().at(0);
  // base64("my%20client:s3cr%3At%2B%2F%3D%C3%A9"), RFC 6749 §2.3.1.
  EXPECT_EQ(request.headers.find("Authorization"),
            "Basic bXklMjBjbGllbnQ6czNjciUzQXQlMkIlMkYlM0QlQzMlQTk=");
  const server::FormFields expected = {{"grant_type", "refresh_token"}, {"refresh_token", "RT-1"}};
  EXPECT_EQ(oauth2.sent_form(), expected) << "one authentication method per request";
}

TEST(OAuth2AuthenticatorTest, SecretPostSendsIdAndSecretInTheForm) {
  ScriptedOAuth2 oauth2({"cli", "s3cret", ClientAuthMethod::client_secret_post, {}});
  oauth2.transport->reply(200, kTokens);
  ASSERT_TRUE(oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt}).ok());
  EXPECT_FALSE(oauth2.transport->requests().at(0).headers.contains("Authorization"));
  const server::FormFields expected = {{"grant_type", "refresh_token"},
                                       {"refresh_token", "RT-1"},
                                       {"client_id", "cli"},
                                       {"client_secret", "s3cret"}};
  EXPECT_EQ(oauth2.sent_form(), expected);
}

TEST(OAuth2AuthenticatorTest, MisconfiguredClientsSendNothing) {
  const OAuth2Client clients[] = {{"cli", "s3cret", ClientAuthMethod::none, {}},
                                  {"cli", std::nullopt, ClientAuthMethod::client_secret_basic, {}},
                                  {"cli", "", ClientAuthMethod::client_secret_post, {}},
                                  {"", std::nullopt, ClientAuthMethod::none, {}}};
  for (const auto& client : clients) {
    ScriptedOAuth2 oauth2(client);
    auto grant = oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, Errc::invalid_argument) << grant.error().describe();
    EXPECT_EQ(grant.error().message.find("s3cret"), std::string::npos);
    EXPECT_TRUE(oauth2.transport->requests().empty());
  }
}

TEST(OAuth2AuthenticatorTest, RotatedRefreshTokenComesBackInTheGrant) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(200, kTokens);
  auto grant = oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt});
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  EXPECT_EQ(grant->refresh_token, "RT-2");
  EXPECT_EQ(grant->id_token, "ID-1");
}

TEST(OAuth2AuthenticatorTest, TheEngineRefreshesWithTheRotatedToken) {
  auto clock = std::make_shared<ManualClock>();
  auto transport = std::make_shared<FakeTransport>();
  auto authenticator = std::make_shared<OAuth2Authenticator>(
      OAuth2AuthenticatorOptions{example_endpoints(), public_client(), transport});
  const auto tokens = [&](const std::string& refresh_token) {
    return nlohmann::json{{"access_token", make_access_token(clock->now(), 300s)},
                          {"refresh_token", refresh_token},
                          {"expires_in", 300}}
        .dump();
  };
  SessionEngineOptions options;
  options.clock = clock;
  SessionEngine engine(authenticator, options);
  ASSERT_TRUE(
      engine.adopt({make_access_token(clock->now(), 300s), "", "RT-1", 300s}, clock->now(), {})
          .ok());
  for (const char* next : {"RT-2", "RT-3"}) {
    clock->advance(290s);
    transport->reply(200, tokens(next));
    ASSERT_TRUE(engine.try_ensure_fresh().ok());
  }
  const auto requests = transport->requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(
      server::form_field(server::parse_form_fields(requests[0].body).value(), "refresh_token"),
      "RT-1");
  EXPECT_EQ(
      server::form_field(server::parse_form_fields(requests[1].body).value(), "refresh_token"),
      "RT-2");
  EXPECT_EQ(engine.current()->refresh_token, "RT-3");
}

TEST(OAuth2AuthenticatorTest, ExchangeCodeSendsCodeVerifierAndRedirectUri) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(200, kTokens);
  auto grant = oauth2.authenticator.exchange_code("C-1", "V-1", "http://127.0.0.1:5000/callback");
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  const server::FormFields expected = {{"grant_type", "authorization_code"},
                                       {"code", "C-1"},
                                       {"code_verifier", "V-1"},
                                       {"redirect_uri", "http://127.0.0.1:5000/callback"},
                                       {"client_id", "cli"}};
  EXPECT_EQ(oauth2.sent_form(), expected);
  EXPECT_EQ(grant->refresh_token, "RT-2");
}

TEST(OAuth2AuthenticatorTest, RevokeSendsTheRefreshTokenWithItsHint) {
  ScriptedOAuth2 oauth2({"cli", "s3cret", ClientAuthMethod::client_secret_post, {}});
  oauth2.transport->reply(200, "");
  ASSERT_TRUE(oauth2.authenticator.revoke("RT-1").ok());
  const auto request = oauth2.transport->requests().at(0);
  EXPECT_EQ(request.url, "https://id.example.com/revoke");
  const server::FormFields expected = {{"token", "RT-1"},
                                       {"token_type_hint", "refresh_token"},
                                       {"client_id", "cli"},
                                       {"client_secret", "s3cret"}};
  EXPECT_EQ(oauth2.sent_form(), expected);
}

TEST(OAuth2AuthenticatorTest, RevokeWithoutARevocationEndpointSucceedsWithNothingSent) {
  auto endpoints = example_endpoints();
  endpoints.revocation_endpoint.reset();
  ScriptedOAuth2 oauth2(public_client(), endpoints);
  EXPECT_TRUE(oauth2.authenticator.revoke("RT-1").ok());
  EXPECT_TRUE(oauth2.transport->requests().empty());
}

TEST(OAuth2AuthenticatorTest, RevocationFailuresAreReported) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(503, "");
  auto revoked = oauth2.authenticator.revoke("RT-1");
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, Errc::transient);
}

TEST(OAuth2AuthenticatorTest, PasswordSignInPointsToTheBrowserOrDeviceFlow) {
  ScriptedOAuth2 oauth2;
  auto outcome = oauth2.authenticator.sign_in({"alice", "pw"});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, Errc::invalid_argument);
  EXPECT_NE(outcome.error().message.find("browser"), std::string::npos);
  EXPECT_NE(outcome.error().message.find("device"), std::string::npos);
  EXPECT_FALSE(
      oauth2.authenticator.respond_to_mfa({"SOFTWARE_TOKEN_MFA", "alice", "s"}, "123456").ok());
  EXPECT_TRUE(oauth2.transport->requests().empty());
}

TEST(OAuth2AuthenticatorTest, TokenResponseShapes) {
  struct Case {
    const char* body;
    bool ok;
    std::optional<std::chrono::seconds> expires_in;
  };
  const Case cases[] = {
      {R"({"access_token":"A","token_type":"bearer"})", true, std::nullopt},  // case-insensitive
      {R"({"access_token":"A"})", true, std::nullopt},  // token_type missing: tolerated
      {R"({"access_token":"A","expires_in":"120"})", true, 120s},
      {R"({"access_token":"A","expires_in":90.0})", true, 90s},
      {R"({"access_token":"A","expires_in":0})", false, std::nullopt},
      {R"({"access_token":"A","expires_in":"soon"})", false, std::nullopt},
      {R"({"access_token":""})", false, std::nullopt},
      {R"({"id_token":"I"})", false, std::nullopt},
      {R"([])", false, std::nullopt},
      {R"({"access_token":"A")", false, std::nullopt},
  };
  for (const auto& c : cases) {
    ScriptedOAuth2 oauth2;
    oauth2.transport->reply(200, c.body);
    auto grant = oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt});
    ASSERT_EQ(grant.ok(), c.ok) << c.body;
    if (c.ok) {
      EXPECT_EQ(grant->expires_in, c.expires_in) << c.body;
    } else {
      EXPECT_EQ(grant.error().code, Errc::transient) << c.body;
      EXPECT_NE(grant.error().message.find("malformed"), std::string::npos);
    }
  }
}

TEST(OAuth2AuthenticatorTest, NonBearerTokensAreRefused) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(200, R"({"access_token":"A","token_type":"DPoP"})");
  auto grant = oauth2.authenticator.refresh({"RT-1", std::nullopt, std::nullopt});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::invalid_argument);
  EXPECT_NE(grant.error().message.find("Bearer"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::testing
