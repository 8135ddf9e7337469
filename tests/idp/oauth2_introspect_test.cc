#include "idp/idp_service.h"
#include "idp/oauth2_forms.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

class IntrospectionTest : public IdpFixture {
 protected:
  void SetUp() override {
    IdpFixture::SetUp();
    auto backend =
        server_->service().storage().clients->add({"backend", true, {}, {}}, false, clock_->now());
    ASSERT_TRUE(backend.ok());
    backend_id_ = backend->client_id;
    backend_secret_ = backend->secret.value();
  }

  // As the backend, with client_secret_basic.
  Json introspect(const std::string& token, const std::string& hint = {}) {
    server::FormFields fields{{"token", token}};
    if (!hint.empty()) fields["token_type_hint"] = hint;
    auto response =
        http_->post("/oauth2/introspect", form(fields), "application/x-www-form-urlencoded",
                    {{"Authorization", basic_authorization(backend_id_, backend_secret_)}});
    EXPECT_TRUE(response);
    if (!response) return {};
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(header_of(*response, "Cache-Control"), "no-store");
    return Json::parse(response->body, nullptr, false);
  }

  bool active(const std::string& token) { return introspect(token).value("active", true); }

  HttpResult post_form(const std::string& path, const server::FormFields& fields) {
    return http_->post(path, form(fields), "application/x-www-form-urlencoded");
  }

  HttpResult cognito(const std::string& operation, const Json& body) {
    return http_->post("/", body.dump(), "application/x-amz-json-1.1",
                       {{"X-Amz-Target", "AWSCognitoIdentityProviderService." + operation}});
  }

  std::string backend_id_;
  std::string backend_secret_;
};

TEST_F(IntrospectionTest, DiscoveryAdvertisesTheEndpoint) {
  auto response = http_->get("/.well-known/openid-configuration");
  ASSERT_TRUE(response);
  const auto discovery = Json::parse(response->body);
  EXPECT_EQ(discovery["introspection_endpoint"], server_->issuer() + "/oauth2/introspect");
}

TEST_F(IntrospectionTest, ActiveAccessTokenCarriesItsClaims) {
  const TokenGrant grant = sign_in_alice();
  const Json answer = introspect(grant.access_token, "access_token");
  EXPECT_EQ(answer["active"], true);
  EXPECT_EQ(answer["client_id"], client_id_);
  EXPECT_EQ(answer["username"], "alice");
  EXPECT_EQ(answer["token_use"], "access");
  EXPECT_EQ(answer["token_type"], "Bearer");
  EXPECT_EQ(answer["iss"], server_->issuer());
  EXPECT_EQ(answer["scope"], "aws.cognito.signin.user.admin");
  EXPECT_EQ(answer["iat"], to_epoch_seconds(clock_->now()).count());
  EXPECT_EQ(answer["exp"], to_epoch_seconds(clock_->now() + 1h).count());
  EXPECT_FALSE(answer.value("sub", "").empty());
}

TEST_F(IntrospectionTest, ActiveRefreshTokenNamesItsClientAndUser) {
  const TokenGrant grant = sign_in_alice();
  ASSERT_TRUE(grant.refresh_token);
  const Json answer = introspect(*grant.refresh_token, "refresh_token");
  EXPECT_EQ(answer["active"], true);
  EXPECT_EQ(answer["client_id"], client_id_);
  EXPECT_EQ(answer["username"], "alice");
  EXPECT_EQ(answer["sub"], introspect(grant.access_token)["sub"]);
  EXPECT_EQ(answer["exp"], to_epoch_seconds(clock_->now() + 30 * 24h).count());
  EXPECT_EQ(answer.find("token_use"), answer.end()) << "only access tokens have a token_use";
}

TEST_F(IntrospectionTest, AnythingElseIsJustInactive) {
  const TokenGrant grant = sign_in_alice();
  for (const std::string& token :
       {std::string{"nonsense"}, std::string{"a.b.c"}, grant.id_token, grant.access_token + "x"}) {
    const Json answer = introspect(token);
    EXPECT_EQ(answer, Json({{"active", false}})) << "only {\"active\":false} is said";
  }
  clock_->advance(1h);
  EXPECT_FALSE(active(grant.access_token)) << "expired";
  EXPECT_TRUE(active(*grant.refresh_token));
  clock_->advance(30 * 24h);
  EXPECT_FALSE(active(*grant.refresh_token)) << "expired";
}

TEST_F(IntrospectionTest, RevokingTheRefreshTokenEndsItsAccessTokens) {
  const TokenGrant grant = sign_in_alice();
  const TokenGrant other = sign_in_alice();
  auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}, {}});
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  ASSERT_TRUE(active(grant.access_token) && active(refreshed->access_token));

  ASSERT_EQ(
      post_form("/oauth2/revoke", {{"token", *grant.refresh_token}, {"client_id", client_id_}})
          ->status,
      200);
  EXPECT_FALSE(active(grant.access_token));
  EXPECT_FALSE(active(refreshed->access_token)) << "minted later from the same session";
  EXPECT_FALSE(active(*grant.refresh_token));
  EXPECT_TRUE(active(other.access_token)) << "another session of the same user lives on";
}

TEST_F(IntrospectionTest, PartnerLogoutAndRevokeTokenEndTheSession) {
  const TokenGrant logged_out = sign_in_alice();
  ASSERT_EQ(http_
                ->post("/auth/logout", Json{{"token", *logged_out.refresh_token}}.dump(),
                       "application/json")
                ->status,
            204);
  EXPECT_FALSE(active(logged_out.access_token));

  const TokenGrant revoked = sign_in_alice();
  ASSERT_EQ(
      cognito("RevokeToken", {{"Token", *revoked.refresh_token}, {"ClientId", client_id_}})->status,
      200);
  EXPECT_FALSE(active(revoked.access_token));
}

TEST_F(IntrospectionTest, GlobalSignOutEndsEverySessionOfTheUser) {
  const TokenGrant first = sign_in_alice();
  const TokenGrant second = sign_in_alice();
  ASSERT_EQ(cognito("GlobalSignOut", {{"AccessToken", first.access_token}})->status, 200);
  EXPECT_FALSE(active(first.access_token));
  EXPECT_FALSE(active(second.access_token));
  EXPECT_FALSE(active(*second.refresh_token));
}

TEST_F(IntrospectionTest, ClientsAuthenticateLikeAtTheTokenEndpoint) {
  const TokenGrant grant = sign_in_alice();
  auto posted = post_form("/oauth2/introspect", {{"token", grant.access_token},
                                                 {"client_id", backend_id_},
                                                 {"client_secret", backend_secret_}});
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 200);
  EXPECT_EQ(Json::parse(posted->body)["active"], true) << "client_secret_post";

  auto wrong = post_form(
      "/oauth2/introspect",
      {{"token", grant.access_token}, {"client_id", backend_id_}, {"client_secret", "wrong"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_TRUE(wrong->headers.contains("WWW-Authenticate"));
  EXPECT_EQ(wrong->body.find(grant.access_token), std::string::npos);
  auto anonymous = post_form("/oauth2/introspect", {{"token", grant.access_token}});
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 400);
  auto no_token = post_form("/oauth2/introspect",
                            {{"client_id", backend_id_}, {"client_secret", backend_secret_}});
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 400);
  EXPECT_EQ(Json::parse(no_token->body)["error"], "invalid_request");
}

TEST_F(IntrospectionTest, PublicClientsSeeOnlyTheirOwnTokens) {
  auto other =
      server_->service().storage().clients->add({"other app", false, {}, {}}, false, clock_->now());
  ASSERT_TRUE(other.ok());
  const TokenGrant grant = sign_in_alice();
  const auto as_public = [&](const std::string& client_id, const std::string& token) {
    auto response = post_form("/oauth2/introspect", {{"token", token}, {"client_id", client_id}});
    EXPECT_TRUE(response && response->status == 200);
    return response ? Json::parse(response->body).value("active", false) : false;
  };
  EXPECT_TRUE(as_public(client_id_, grant.access_token));
  EXPECT_TRUE(as_public(client_id_, *grant.refresh_token));
  EXPECT_FALSE(as_public(other->client_id, grant.access_token));
  EXPECT_FALSE(as_public(other->client_id, *grant.refresh_token));
}

}  // namespace
}  // namespace freshauth::testing
