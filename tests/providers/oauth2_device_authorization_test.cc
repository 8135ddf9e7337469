#include <gtest/gtest.h>

#include "providers/oauth2_test_support.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kStarted =
    R"({"device_code":"DC-1","user_code":"WDJB-MJHT","verification_uri":"https://id.example.com/device",
        "verification_uri_complete":"https://id.example.com/device?user_code=WDJB-MJHT",
        "expires_in":1800,"interval":7})";

DeviceAuthorization started() {
  return {"DC-1", "WDJB-MJHT", "https://id.example.com/device", std::nullopt, 1800s, 5s};
}

TEST(OAuth2DeviceAuthorizationTest, StartSendsTheScopesAndReadsTheAnswer) {
  auto endpoints = example_endpoints();
  endpoints.scopes_supported = {"openid", "offline_access", "email"};
  ScriptedOAuth2 oauth2(public_client(), endpoints);
  oauth2.transport->reply(200, kStarted);
  auto authorization = oauth2.authenticator.start_device_authorization();
  ASSERT_TRUE(authorization.ok()) << authorization.error().describe();
  EXPECT_EQ(oauth2.transport->requests().at(0).url, "https://id.example.com/device");
  const server::FormFields expected = {{"scope", "openid offline_access"}, {"client_id", "cli"}};
  EXPECT_EQ(oauth2.sent_form(), expected);
  EXPECT_EQ(authorization->device_code, "DC-1");
  EXPECT_EQ(authorization->user_code, "WDJB-MJHT");
  EXPECT_EQ(authorization->verification_uri, "https://id.example.com/device");
  EXPECT_EQ(authorization->verification_uri_complete,
            "https://id.example.com/device?user_code=WDJB-MJHT");
  EXPECT_EQ(authorization->expires_in, 1800s);
  EXPECT_EQ(authorization->interval, 7s);
}

TEST(OAuth2DeviceAuthorizationTest, IntervalDefaultsToFiveSeconds) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(200, R"({"device_code":"D","user_code":"U","verification_uri":"https://v",
                                   "expires_in":600})");
  auto authorization = oauth2.authenticator.start_device_authorization();
  ASSERT_TRUE(authorization.ok()) << authorization.error().describe();
  EXPECT_EQ(authorization->interval, 5s);
  EXPECT_FALSE(authorization->verification_uri_complete);
}

TEST(OAuth2DeviceAuthorizationTest, IncompleteAnswersAreMalformed) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(200,
                          R"({"device_code":"D","verification_uri":"https://v","expires_in":600})");
  auto authorization = oauth2.authenticator.start_device_authorization();
  ASSERT_FALSE(authorization.ok());
  EXPECT_EQ(authorization.error().code, Errc::transient);
}

TEST(OAuth2DeviceAuthorizationTest, WithoutADeviceEndpointNothingIsSent) {
  auto endpoints = example_endpoints();
  endpoints.device_authorization_endpoint.reset();
  ScriptedOAuth2 oauth2(public_client(), endpoints);
  auto authorization = oauth2.authenticator.start_device_authorization();
  ASSERT_FALSE(authorization.ok());
  EXPECT_EQ(authorization.error().code, Errc::invalid_argument);
  EXPECT_NE(authorization.error().message.find("browser"), std::string::npos);
  EXPECT_TRUE(oauth2.transport->requests().empty());
}

TEST(OAuth2DeviceAuthorizationTest, PollSendsTheDeviceCodeGrant) {
  ScriptedOAuth2 oauth2({"cli", "s", ClientAuthMethod::client_secret_post, {}});
  oauth2.transport->reply(200, kTokens);
  auto authorization = started();
  auto polled = oauth2.authenticator.poll_device_token(authorization);
  ASSERT_TRUE(polled.ok()) << polled.error().describe();
  ASSERT_TRUE(polled->has_value());
  EXPECT_EQ((*polled)->access_token, "AT-1");
  EXPECT_EQ((*polled)->refresh_token, "RT-2");
  const server::FormFields expected = {
      {"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
      {"device_code", "DC-1"},
      {"client_id", "cli"},
      {"client_secret", "s"}};
  EXPECT_EQ(oauth2.sent_form(), expected);
}

TEST(OAuth2DeviceAuthorizationTest, PendingAndSlowDownAreNotErrors) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(400, R"({"error":"authorization_pending"})");
  oauth2.transport->reply(400, R"({"error":"slow_down"})");
  auto authorization = started();
  auto pending = oauth2.authenticator.poll_device_token(authorization);
  ASSERT_TRUE(pending.ok()) << pending.error().describe();
  EXPECT_FALSE(pending->has_value());
  EXPECT_EQ(authorization.interval, 5s);
  auto slower = oauth2.authenticator.poll_device_token(authorization);
  ASSERT_TRUE(slower.ok()) << slower.error().describe();
  EXPECT_FALSE(slower->has_value());
  EXPECT_EQ(authorization.interval, 10s);
}

TEST(OAuth2DeviceAuthorizationTest, DeniedAndExpiredEndTheSignIn) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(400, R"({"error":"access_denied"})");
  oauth2.transport->reply(400, R"({"error":"expired_token"})");
  oauth2.transport->reply(400, R"({"error":"invalid_client"})");
  auto authorization = started();
  EXPECT_EQ(oauth2.authenticator.poll_device_token(authorization).error().code,
            Errc::invalid_credentials);
  EXPECT_EQ(oauth2.authenticator.poll_device_token(authorization).error().code,
            Errc::session_expired);
  EXPECT_EQ(oauth2.authenticator.poll_device_token(authorization).error().code,
            Errc::invalid_argument);
}

}  // namespace
}  // namespace freshauth::testing
