#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "freshauth/providers/oauth2_endpoints.h"
#include "support/fake_transport.h"

namespace freshauth::testing {
namespace {

constexpr const char* kIssuer = "https://id.example.com/tenant";

const nlohmann::json kDocument = {
    {"issuer", kIssuer},
    {"authorization_endpoint", "https://id.example.com/tenant/auth"},
    {"token_endpoint", "https://id.example.com/tenant/token"},
    {"revocation_endpoint", "https://id.example.com/tenant/revoke"},
    {"device_authorization_endpoint", "https://id.example.com/tenant/device"},
    {"introspection_endpoint", "https://id.example.com/tenant/introspect"},
    {"userinfo_endpoint", "https://id.example.com/tenant/me"},
    {"jwks_uri", "https://id.example.com/tenant/jwks"},
    {"scopes_supported", {"openid", "offline_access"}}};

Result<OAuth2Endpoints> discover(int status, const std::string& body,
                                 const std::string& issuer = kIssuer,
                                 std::vector<HttpRequest>* sent = nullptr) {
  FakeTransport transport;
  transport.reply(status, body);
  auto endpoints = discover_oauth2_endpoints(transport, issuer);
  if (sent != nullptr) *sent = transport.requests();
  return endpoints;
}

TEST(OAuth2DiscoveryTest, ReadsEveryEndpointFromTheDocument) {
  std::vector<HttpRequest> sent;
  auto endpoints = discover(200, kDocument.dump(), kIssuer, &sent);
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().describe();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].url, "https://id.example.com/tenant/.well-known/openid-configuration");
  EXPECT_EQ(endpoints->issuer, kIssuer);
  EXPECT_EQ(endpoints->authorization_endpoint, "https://id.example.com/tenant/auth");
  EXPECT_EQ(endpoints->token_endpoint, "https://id.example.com/tenant/token");
  EXPECT_EQ(endpoints->revocation_endpoint, "https://id.example.com/tenant/revoke");
  EXPECT_EQ(endpoints->device_authorization_endpoint, "https://id.example.com/tenant/device");
  EXPECT_EQ(endpoints->introspection_endpoint, "https://id.example.com/tenant/introspect");
  EXPECT_EQ(endpoints->userinfo_endpoint, "https://id.example.com/tenant/me");
  EXPECT_EQ(endpoints->jwks_uri, "https://id.example.com/tenant/jwks");
  EXPECT_EQ(endpoints->scopes_supported, (std::vector<std::string>{"openid", "offline_access"}));
}

TEST(OAuth2DiscoveryTest, OptionalEndpointsMayBeAbsent) {
  const nlohmann::json minimal = {{"issuer", kIssuer},
                                  {"token_endpoint", "https://id.example.com/tenant/token"}};
  auto endpoints = discover(200, minimal.dump());
  ASSERT_TRUE(endpoints.ok()) << endpoints.error().describe();
  EXPECT_TRUE(endpoints->authorization_endpoint.empty());
  EXPECT_FALSE(endpoints->revocation_endpoint);
  EXPECT_FALSE(endpoints->device_authorization_endpoint);
  EXPECT_TRUE(endpoints->scopes_supported.empty());
}

TEST(OAuth2DiscoveryTest, AnotherIssuersDocumentIsRefused) {
  auto document = kDocument;
  document["issuer"] = "https://evil.example.com/tenant";
  auto endpoints = discover(200, document.dump());
  ASSERT_FALSE(endpoints.ok());
  EXPECT_EQ(endpoints.error().code, Errc::invalid_argument);
  EXPECT_NE(endpoints.error().message.find("https://evil.example.com/tenant"), std::string::npos);
}

TEST(OAuth2DiscoveryTest, ATrailingSlashIsNotTheSameIssuer) {
  std::vector<HttpRequest> sent;
  auto endpoints = discover(200, kDocument.dump(), std::string{kIssuer} + "/", &sent);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].url, "https://id.example.com/tenant/.well-known/openid-configuration");
  ASSERT_FALSE(endpoints.ok());
  EXPECT_EQ(endpoints.error().code, Errc::invalid_argument);
}

TEST(OAuth2DiscoveryTest, ServersThatDoNotSpeakOAuth2AreNamed) {
  const std::pair<int, std::string> answers[] = {
      {404, R"({"error":"not_found","message":"no such route"})"},
      {200, "<html>a web site</html>"},
      {200, R"({"keys":[]})"},
      {400, R"({"__type":"UnknownOperationException"})"},
  };
  for (const auto& [status, body] : answers) {
    auto endpoints = discover(status, body);
    ASSERT_FALSE(endpoints.ok()) << body;
    EXPECT_EQ(endpoints.error().code, Errc::invalid_argument) << body;
    EXPECT_NE(endpoints.error().message.find("--provider cognito"), std::string::npos)
        << endpoints.error().message;
    EXPECT_EQ(endpoints.error().message.find("a web site"), std::string::npos);
  }
}

TEST(OAuth2DiscoveryTest, UnavailableServersAreTransient) {
  EXPECT_EQ(discover(503, "").error().code, Errc::transient);
  EXPECT_EQ(discover(500, "").error().code, Errc::transient);
  FakeTransport transport;
  transport.fail(TransportErrc::connect_failed, "refused");
  EXPECT_EQ(discover_oauth2_endpoints(transport, kIssuer).error().code, Errc::transient);
}

}  // namespace
}  // namespace freshauth::testing
