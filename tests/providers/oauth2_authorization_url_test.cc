#include "freshauth/providers/oauth2_authorization_url.h"

#include <gtest/gtest.h>

#include "freshauth/server/form_body.h"

namespace freshauth {
namespace {

OAuth2Endpoints endpoints(std::string authorize, std::vector<std::string> scopes_supported = {}) {
  OAuth2Endpoints result;
  result.issuer = "https://id.example.com";
  result.authorization_endpoint = std::move(authorize);
  result.token_endpoint = "https://id.example.com/token";
  result.scopes_supported = std::move(scopes_supported);
  return result;
}

server::FormFields query_of(const std::string& url, const std::string& base) {
  EXPECT_TRUE(url.starts_with(base)) << url;
  return server::parse_form_fields(url.substr(base.size())).value_or(server::FormFields{});
}

const AuthorizationRequest kRequest{"http://127.0.0.1:5000/callback", "st&te=1", "CHALLENGE"};

TEST(OAuth2AuthorizationUrlTest, CarriesTheCodeRequestWithPkce) {
  const OAuth2Client client{"my client", std::nullopt, ClientAuthMethod::none, {}};
  const auto url =
      authorization_url(endpoints("https://id.example.com/authorize"), client, kRequest);
  const server::FormFields expected = {{"response_type", "code"},
                                       {"client_id", "my client"},
                                       {"redirect_uri", "http://127.0.0.1:5000/callback"},
                                       {"scope", "openid"},
                                       {"state", "st&te=1"},
                                       {"code_challenge", "CHALLENGE"},
                                       {"code_challenge_method", "S256"}};
  EXPECT_EQ(query_of(url, "https://id.example.com/authorize?"), expected);
}

TEST(OAuth2AuthorizationUrlTest, ANonceIsSentWhenGiven) {
  const OAuth2Client client{"my client", std::nullopt, ClientAuthMethod::none, {}};
  AuthorizationRequest request = kRequest;
  request.nonce = "n-0S6_WzA2Mj";
  const auto query =
      query_of(authorization_url(endpoints("https://id.example.com/authorize"), client, request),
               "https://id.example.com/authorize?");
  EXPECT_EQ(server::form_field(query, "nonce"), "n-0S6_WzA2Mj");
}

TEST(OAuth2AuthorizationUrlTest, OfflineAccessWhereTheServerListsItWithConsent) {
  const OAuth2Client client{"cli", std::nullopt, ClientAuthMethod::none, {}};
  const auto url =
      authorization_url(endpoints("https://id.example.com/authorize", {"openid", "offline_access"}),
                        client, kRequest);
  const auto query = query_of(url, "https://id.example.com/authorize?");
  EXPECT_EQ(server::form_field(query, "scope"), "openid offline_access");
  EXPECT_EQ(server::form_field(query, "prompt"), "consent");
}

TEST(OAuth2AuthorizationUrlTest, ConfiguredScopesReplaceTheDefault) {
  const OAuth2Client client{"cli", std::nullopt, ClientAuthMethod::none, {"openid", "email"}};
  const auto url = authorization_url(
      endpoints("https://id.example.com/authorize?tenant=a", {"offline_access"}), client, kRequest);
  const auto query = query_of(url, "https://id.example.com/authorize?");
  EXPECT_EQ(server::form_field(query, "tenant"), "a") << "the endpoint's own query is kept";
  EXPECT_EQ(server::form_field(query, "scope"), "openid email");
  EXPECT_FALSE(query.contains("prompt"));
}

}  // namespace
}  // namespace freshauth
