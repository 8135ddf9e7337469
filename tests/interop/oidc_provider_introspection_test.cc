// Interop: RFC 7662 introspection at oidc-provider through freshauth's IntrospectionClient, as a
// backend would ask it: a live session's tokens are active, a signed-out session's are not.
#include <gtest/gtest.h>

#include "freshauth/verify/introspection_client.h"
#include "interop/oidc_provider_fixture.h"

namespace freshauth::testing {
namespace {

class OidcProviderIntrospectionTest : public OidcProviderTest {
 protected:
  // Asks as the confidential client (a resource server would have its own registration).
  Result<Introspection> ask(const std::string& token, const std::string& hint,
                            std::optional<std::string> secret = std::nullopt) const {
    const OAuth2Client backend = peer_->client(ClientAuthMethod::client_secret_basic);
    IntrospectionClientOptions options;
    options.endpoint = endpoints_.introspection_endpoint.value_or("");
    options.client_id = backend.client_id;
    options.client_secret = secret.value_or(backend.client_secret.value_or(""));
    return IntrospectionClient(transport_, std::move(options)).introspect(token, hint);
  }
};

TEST_F(OidcProviderIntrospectionTest, LiveTokensAreActiveAndSignedOutOnesAreNot) {
  auto authenticator = make_authenticator();
  auto engine = make_engine(authenticator);
  ASSERT_NO_FATAL_FAILURE(adopt_robot_sign_in(*engine, *authenticator));
  const Session session = *engine->current();

  auto access = ask(session.access_token, "access_token");
  ASSERT_TRUE(access.ok()) << access.error().describe();
  EXPECT_TRUE(access->active);
  EXPECT_EQ(access->claims.value("client_id", ""), authenticator->client().client_id);
  EXPECT_EQ(access->claims.value("sub", ""), peer_->user_login());
  auto refresh = ask(session.refresh_token, "refresh_token");
  ASSERT_TRUE(refresh.ok()) << refresh.error().describe();
  EXPECT_TRUE(refresh->active);

  ASSERT_TRUE(engine->sign_out().ok());
  access = ask(session.access_token, "access_token");
  ASSERT_TRUE(access.ok()) << access.error().describe();
  EXPECT_FALSE(access->active);
  refresh = ask(session.refresh_token, "refresh_token");
  ASSERT_TRUE(refresh.ok()) << refresh.error().describe();
  EXPECT_FALSE(refresh->active);
  EXPECT_EQ(stats().introspections, 4);
}

TEST_F(OidcProviderIntrospectionTest, UnknownTokenIsInactive) {
  auto answer = ask("not-a-token-this-server-issued", "access_token");
  ASSERT_TRUE(answer.ok()) << answer.error().describe();
  EXPECT_FALSE(answer->active);
}

TEST_F(OidcProviderIntrospectionTest, WrongClientSecretIsNotMistakenForAnInactiveToken) {
  auto answer = ask("not-a-token-this-server-issued", "access_token", "wrong-secret");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, Errc::invalid_argument) << answer.error().describe();
  EXPECT_EQ(answer.error().http_status, 401);
}

}  // namespace
}  // namespace freshauth::testing
