// Interop: discovery and the authorization code flow with PKCE against oidc-provider (npm),
// completed headlessly (the robot browser at its login and consent pages), then adopted.
#include <gtest/gtest.h>

#include <algorithm>

#include "interop/oidc_provider_fixture.h"

namespace freshauth::testing {
namespace {

using std::chrono::seconds;

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::ranges::find(values, value) != values.end();
}

using OidcProviderDiscoveryTest = OidcProviderTest;

TEST_F(OidcProviderDiscoveryTest, FindsEveryEndpointTheServerAdvertises) {
  EXPECT_EQ(endpoints_.issuer, peer_->issuer());
  EXPECT_EQ(endpoints_.authorization_endpoint, peer_->issuer() + "/auth");
  EXPECT_EQ(endpoints_.token_endpoint, peer_->issuer() + "/token");
  EXPECT_EQ(endpoints_.revocation_endpoint, peer_->issuer() + "/token/revocation");
  EXPECT_EQ(endpoints_.introspection_endpoint, peer_->issuer() + "/token/introspection");
  EXPECT_EQ(endpoints_.device_authorization_endpoint, peer_->issuer() + "/device/auth");
  EXPECT_EQ(endpoints_.userinfo_endpoint, peer_->issuer() + "/me");
  EXPECT_EQ(endpoints_.jwks_uri, peer_->issuer() + "/jwks");
  EXPECT_TRUE(contains(endpoints_.scopes_supported, "offline_access"));
}

TEST_F(OidcProviderDiscoveryTest, AnIssuerWithoutADiscoveryDocumentIsNotRetried) {
  auto discovered = discover_oauth2_endpoints(*transport_, peer_->issuer() + "/no-such-issuer");
  ASSERT_FALSE(discovered.ok());
  EXPECT_EQ(discovered.error().code, Errc::invalid_argument) << discovered.error().describe();
}

class OidcProviderCodeFlowTest : public OidcProviderTest,
                                 public ::testing::WithParamInterface<ClientAuthMethod> {};

TEST_P(OidcProviderCodeFlowTest, SignsInHeadlesslyWithPkceThroughTheLoopbackListener) {
  auto authenticator = make_authenticator(GetParam());
  auto signed_in = sign_in_with_robot(*authenticator);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe() << " (robot stopped at "
                              << last_visit_.last_page << ", " << last_visit_.error << ")";

  // The robot submitted the login and the consent form and was sent on to our listener.
  EXPECT_TRUE(last_visit_.finished) << last_visit_.error;
  EXPECT_EQ(last_visit_.forms_submitted, 2);
  EXPECT_TRUE(last_visit_.last_page.starts_with("http://127.0.0.1:")) << last_visit_.last_page;
  EXPECT_TRUE(last_visit_.last_page.ends_with("/callback")) << last_visit_.last_page;
  EXPECT_EQ(last_visit_.status, 200);

  const TokenGrant& grant = signed_in->grant;
  EXPECT_FALSE(grant.access_token.empty());
  EXPECT_FALSE(grant.id_token.empty());
  EXPECT_TRUE(grant.refresh_token.has_value() && !grant.refresh_token->empty());
  EXPECT_EQ(grant.expires_in, seconds{4});
  EXPECT_EQ(userinfo_status(grant.access_token), 200);
  EXPECT_EQ(stats().grants["authorization_code"], 1);
}

INSTANTIATE_TEST_SUITE_P(EachClientAuthMethod, OidcProviderCodeFlowTest,
                         ::testing::Values(ClientAuthMethod::none,
                                           ClientAuthMethod::client_secret_basic,
                                           ClientAuthMethod::client_secret_post),
                         client_auth_method_name);

using OidcProviderAdoptTest = OidcProviderTest;

TEST_F(OidcProviderAdoptTest, AdoptedGrantIsTheEnginesFreshSession) {
  auto authenticator = make_authenticator();
  auto engine = make_engine(authenticator);
  auto signed_in = sign_in_with_robot(*authenticator);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  ASSERT_TRUE(engine->adopt(signed_in->grant, signed_in->requested_at, SessionContext{}).ok());

  auto session = engine->current();
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->access_token, signed_in->grant.access_token);
  EXPECT_EQ(session->refresh_token, signed_in->grant.refresh_token.value_or(""));
  // expires_in (4 s) decides: the access token is opaque, it carries no exp of its own.
  EXPECT_LE(session->expires_at, signed_in->requested_at + seconds{4});
  EXPECT_GE(session->expires_at, signed_in->requested_at + seconds{3});

  auto fresh = engine->try_ensure_fresh();
  ASSERT_TRUE(fresh.ok()) << fresh.error().describe();
  EXPECT_EQ(fresh->generation(), session->generation);
  EXPECT_EQ(userinfo_status(fresh->access_token()), 200);
  EXPECT_EQ(stats().refresh_grants, 0);
}

TEST_F(OidcProviderAdoptTest, PasswordSignInPointsToTheBrowserOrDeviceFlow) {
  auto engine = make_engine(make_authenticator());
  auto signed_in = engine->sign_in(Credentials{peer_->user_login(), "irrelevant"}, {});
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace freshauth::testing
