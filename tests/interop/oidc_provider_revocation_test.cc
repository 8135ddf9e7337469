// Interop: RFC 7009 revocation at oidc-provider, through the engine's sign_out and through the
// authenticator for each client authentication method; afterwards the refresh token is dead.
#include <gtest/gtest.h>

#include <chrono>

#include "freshauth/core/memory_session_store.h"
#include "interop/oidc_provider_fixture.h"

namespace freshauth::testing {
namespace {

using std::chrono::hours;

using OidcProviderSignOutTest = OidcProviderTest;

TEST_F(OidcProviderSignOutTest, SignOutRevokesTheSessionEverywhere) {
  auto authenticator = make_authenticator();
  auto engine = make_engine(authenticator);
  ASSERT_NO_FATAL_FAILURE(adopt_robot_sign_in(*engine, *authenticator));
  const Session old_session = *engine->current();

  auto signed_out = engine->sign_out();
  ASSERT_TRUE(signed_out.ok()) << signed_out.error().describe();
  EXPECT_EQ(engine->current(), nullptr);
  EXPECT_EQ(stats().revocations, 1);

  // oidc-provider revokes the whole grant with its refresh token: the access token dies too.
  EXPECT_EQ(userinfo_status(old_session.access_token), 401);

  // Another engine (another process, a copied session file) still holding the old session.
  auto store = std::make_shared<MemorySessionStore>();
  ASSERT_TRUE(store->save(old_session).ok());
  auto stale = make_engine(make_authenticator(), store);
  ASSERT_TRUE(stale->restore().value());
  auto refreshed = stale->refresh_if_within(hours{1});  // asks the server now
  ASSERT_FALSE(refreshed.ok());
  EXPECT_EQ(refreshed.error().code, Errc::session_expired) << refreshed.error().describe();
  EXPECT_EQ(stale->current(), nullptr);
  auto fresh = stale->try_ensure_fresh();
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code, Errc::session_expired) << fresh.error().describe();
  EXPECT_EQ(stats().refresh_invalid_grants, 1);
}

class OidcProviderRevokeTest : public OidcProviderTest,
                               public ::testing::WithParamInterface<ClientAuthMethod> {};

TEST_P(OidcProviderRevokeTest, RevokedRefreshTokenIsRefusedAsSessionExpired) {
  auto authenticator = make_authenticator(GetParam());
  auto signed_in = sign_in_with_robot(*authenticator);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  const std::string refresh_token = signed_in->grant.refresh_token.value_or("");
  ASSERT_FALSE(refresh_token.empty());

  // Alive before: the refresh works (and, with rotation, hands out the token to revoke).
  auto before = authenticator->refresh(RefreshRequest{.refresh_token = refresh_token});
  ASSERT_TRUE(before.ok()) << before.error().describe();
  const std::string current = before->refresh_token.value_or(refresh_token);

  auto revoked = authenticator->revoke(current);
  ASSERT_TRUE(revoked.ok()) << revoked.error().describe();
  auto after = authenticator->refresh(RefreshRequest{.refresh_token = current});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, Errc::session_expired) << after.error().describe();
  EXPECT_EQ(userinfo_status(before->access_token), 401);

  // Revoking what is already dead is no error (RFC 7009 §2.2), so a repeated logout succeeds.
  EXPECT_TRUE(authenticator->revoke(current).ok());
}

INSTANTIATE_TEST_SUITE_P(EachClientAuthMethod, OidcProviderRevokeTest,
                         ::testing::Values(ClientAuthMethod::none,
                                           ClientAuthMethod::client_secret_basic,
                                           ClientAuthMethod::client_secret_post),
                         client_auth_method_name);

}  // namespace
}  // namespace freshauth::testing
