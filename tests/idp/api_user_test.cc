#include "freshauth/core/base64url.h"
#include "idp/idp_service.h"
#include "idp/idp_storage.h"
#include "idp/key_ring.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

class ApiUserTest : public IdpFixture {
 protected:
  HttpResult get_user(const std::optional<std::string>& token,
                      const std::optional<std::string>& partner = "partner-7") {
    HttpHeaders headers;
    if (token) headers.add("Authorization", "Bearer " + *token);
    if (partner) headers.add("X-Preferred-Partner-Id", *partner);
    return http_->get("/api/user", headers);
  }
  static void expect_unauthorized(const HttpResult& response) {
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 401) << response->body;
    EXPECT_TRUE(header_of(*response, "WWW-Authenticate").starts_with("Bearer error="));
    EXPECT_EQ(nlohmann::json::parse(response->body)["error"], "invalid_token");
  }
  HttpResult cognito(const std::string& operation, const nlohmann::json& body) {
    return http_->post("/", body.dump(), "application/x-amz-json-1.1",
                       {{"X-Amz-Target", "AWSCognitoIdentityProviderService." + operation}});
  }
};

TEST_F(ApiUserTest, ValidTokenAnswersTheUserAndPartner) {
  const TokenGrant grant = sign_in_alice();
  auto response = get_user(grant.access_token);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["username"], "alice");
  EXPECT_EQ(body["partner_id"], "partner-7");
  EXPECT_EQ(body["sub"], server_->service().storage().users->find("alice")->sub);
}

TEST_F(ApiUserTest, MissingExpiredTamperedAndIdTokensAre401) {
  const TokenGrant grant = sign_in_alice();
  expect_unauthorized(get_user(std::nullopt));
  expect_unauthorized(http_->get(
      "/api/user", {{"Authorization", "Basic YWxpY2U6eA=="}, {"X-Preferred-Partner-Id", "p"}}));
  std::string tampered = grant.access_token;
  const auto dot = tampered.find('.') + 1;
  tampered[dot + 5] = tampered[dot + 5] == 'A' ? 'B' : 'A';
  expect_unauthorized(get_user(tampered));
  expect_unauthorized(get_user(grant.access_token + "x"));
  expect_unauthorized(get_user(grant.id_token));
  expect_unauthorized(get_user("not-a-jwt"));
  clock_->advance(3601s);
  expect_unauthorized(get_user(grant.access_token));
}

TEST_F(ApiUserTest, MissingPartnerHeaderIs400) {
  const TokenGrant grant = sign_in_alice();
  auto response = get_user(grant.access_token, std::nullopt);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(nlohmann::json::parse(response->body)["error"], "MissingPartner");
}

TEST_F(ApiUserTest, TokenOfARotatedOutKeyIsValidUntilItExpires) {
  const TokenGrant old_grant = sign_in_alice();
  auto& keys = *server_->service().storage().keys;
  ASSERT_TRUE(keys.rotate(clock_->now(), 3600s).ok());
  const TokenGrant new_grant = sign_in_alice();
  EXPECT_NE(old_grant.access_token.substr(0, old_grant.access_token.find('.')),
            new_grant.access_token.substr(0, new_grant.access_token.find('.')))
      << "new tokens name the new key";
  EXPECT_EQ(get_user(old_grant.access_token)->status, 200);
  EXPECT_EQ(get_user(new_grant.access_token)->status, 200);
  clock_->advance(1800s);
  EXPECT_EQ(get_user(old_grant.access_token)->status, 200);
  clock_->advance(1801s);
  expect_unauthorized(get_user(old_grant.access_token));
}

TEST_F(ApiUserTest, ARotationByAnotherProcessIsPickedUpWithoutARestart) {
  const TokenGrant before = sign_in_alice();
  // What `freshauth idp keys rotate` does beside the running server: its own connection.
  auto admin = idp::IdpStorage::open(dir_ / "idp.db", clock_->now(), idp::PasswordCost::minimal);
  ASSERT_TRUE(admin.ok());
  auto kid = admin->keys->rotate(clock_->now(), 3600s);
  ASSERT_TRUE(kid.ok());
  clock_->advance(idp::KeyRing::kChangeCheckInterval);
  const TokenGrant after = sign_in_alice();
  const auto header = [](const std::string& token) {
    return nlohmann::json::parse(*base64url_decode(token.substr(0, token.find('.'))));
  };
  EXPECT_EQ(header(after.access_token)["kid"], *kid);
  EXPECT_NE(header(before.access_token)["kid"], *kid);
  const auto jwks = nlohmann::json::parse(http_->get("/.well-known/jwks.json")->body);
  EXPECT_EQ(jwks["keys"].size(), 2u);
  EXPECT_EQ(get_user(before.access_token)->status, 200);
  EXPECT_EQ(get_user(after.access_token)->status, 200);
}

TEST_F(ApiUserTest, TokensOfAClientAddedWhileRunningAreAccepted) {
  auto client =
      server_->service().storage().clients->add({"web", false, {}, {}}, false, clock_->now());
  ASSERT_TRUE(client.ok());
  auto signed_in = cognito(
      "InitiateAuth", {{"AuthFlow", "USER_PASSWORD_AUTH"},
                       {"ClientId", client->client_id},
                       {"AuthParameters", {{"USERNAME", "alice"}, {"PASSWORD", kAlicePassword}}}});
  ASSERT_TRUE(signed_in);
  const std::string token =
      nlohmann::json::parse(signed_in->body)["AuthenticationResult"]["AccessToken"];
  EXPECT_EQ(get_user(token)->status, 200);
}

TEST_F(ApiUserTest, GlobalSignOutRevokesEveryRefreshToken) {
  const TokenGrant first = sign_in_alice();
  const TokenGrant second = sign_in_alice();
  auto signed_out = cognito("GlobalSignOut", {{"AccessToken", second.access_token}});
  ASSERT_TRUE(signed_out);
  EXPECT_EQ(signed_out->status, 200) << signed_out->body;
  EXPECT_FALSE(authenticator_->refresh({*first.refresh_token, {}, {}}).ok());
  EXPECT_FALSE(authenticator_->refresh({*second.refresh_token, {}, {}}).ok());

  auto refused = cognito("GlobalSignOut", {{"AccessToken", second.id_token}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["__type"], "NotAuthorizedException");
}

}  // namespace
}  // namespace freshauth::testing
