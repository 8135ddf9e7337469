// Interop: the RFC 8628 device authorization grant against oidc-provider; the robot browser types
// the user code at its verification page, signs in and consents, while the flow polls.
#include <gtest/gtest.h>

#include "interop/oidc_provider_fixture.h"

namespace freshauth::testing {
namespace {

using std::chrono::seconds;

using OidcProviderDeviceTest = OidcProviderTest;

TEST_F(OidcProviderDeviceTest, StartedAuthorizationSaysWhereToGoAndIsPendingUntilApproved) {
  auto authenticator = make_authenticator();
  auto started = authenticator->start_device_authorization();
  ASSERT_TRUE(started.ok()) << started.error().describe();
  EXPECT_FALSE(started->device_code.empty());
  EXPECT_FALSE(started->user_code.empty());
  EXPECT_EQ(started->verification_uri, peer_->issuer() + "/device");
  ASSERT_TRUE(started->verification_uri_complete.has_value());
  EXPECT_TRUE(started->verification_uri_complete->starts_with(peer_->issuer() + "/device?"));
  EXPECT_EQ(started->expires_in, seconds{120});  // the harness's DeviceCode lifetime
  EXPECT_EQ(started->interval, seconds{5});      // RFC 8628's default: oidc-provider sends none

  auto polled = authenticator->poll_device_token(*started);
  ASSERT_TRUE(polled.ok()) << polled.error().describe();
  EXPECT_FALSE(polled->has_value());  // authorization_pending
}

TEST_F(OidcProviderDeviceTest, SignsInOnceTheUserEntersTheCode) {
  auto authenticator = make_authenticator();
  auto signed_in = device_sign_in_with_robot(*authenticator);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe() << " (robot stopped at "
                              << last_visit_.last_page << ", " << last_visit_.error << ")";
  // Code entry, its confirmation, login, consent; then oidc-provider's success page.
  EXPECT_TRUE(last_visit_.finished) << last_visit_.error;
  EXPECT_EQ(last_visit_.forms_submitted, 4);
  EXPECT_EQ(last_visit_.status, 200);

  const TokenGrant& grant = signed_in->grant;
  EXPECT_EQ(userinfo_status(grant.access_token), 200);
  ASSERT_TRUE(grant.refresh_token.has_value());
  EXPECT_EQ(stats().grants["urn:ietf:params:oauth:grant-type:device_code"], 1);

  // The device grant's session is an ordinary one: the engine adopts and refreshes it.
  auto engine = make_engine(authenticator);
  ASSERT_TRUE(engine->adopt(grant, signed_in->requested_at, SessionContext{}).ok());
  auto refreshed = engine->refresh_if_within(std::chrono::hours{1});
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_EQ(userinfo_status(engine->current()->access_token), 200);
  EXPECT_EQ(stats().refresh_grants, 1);
}

TEST_F(OidcProviderDeviceTest, SignsInFromTheCompleteVerificationLink) {
  auto authenticator = make_authenticator();
  auto signed_in = device_sign_in_with_robot(*authenticator, CodeEntry::from_complete_uri);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe() << " (robot stopped at "
                              << last_visit_.last_page << ", " << last_visit_.error << ")";
  // The link's self-posting form, the confirmation, login, consent: no code typed.
  EXPECT_TRUE(last_visit_.finished) << last_visit_.error;
  EXPECT_EQ(last_visit_.forms_submitted, 4);
  EXPECT_EQ(userinfo_status(signed_in->grant.access_token), 200);
}

}  // namespace
}  // namespace freshauth::testing
