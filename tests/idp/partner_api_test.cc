#include <liboath/oath.h>

#include "freshauth/core/base64url.h"
#include "freshauth/core/token_claims.h"
#include "idp/idp_service.h"
#include "idp/idp_storage.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

class PartnerApiTest : public IdpFixture {
 protected:
  // Computed here with liboath, independently of the server's TOTP code.
  std::string totp_now() {
    char* raw = nullptr;
    size_t length = 0;
    EXPECT_EQ(oath_init(), OATH_OK);
    EXPECT_EQ(oath_base32_decode(bob_secret_.c_str(), bob_secret_.size(), &raw, &length), OATH_OK);
    char code[7] = {};
    EXPECT_EQ(
        oath_totp_generate(raw, length, to_epoch_seconds(clock_->now()).count(), 30, 0, 6, code),
        OATH_OK);
    std::free(raw);
    return code;
  }
  MfaChallenge bob_challenge() {
    auto outcome = authenticator_->sign_in({"bob", kBobPassword});
    EXPECT_TRUE(outcome.ok());
    EXPECT_TRUE(std::holds_alternative<MfaChallenge>(*outcome));
    return std::get<MfaChallenge>(*outcome);
  }
};

TEST_F(PartnerApiTest, SignInReturnsCognitoShapedTokens) {
  const TokenGrant grant = sign_in_alice();
  ASSERT_TRUE(grant.refresh_token.has_value());
  EXPECT_EQ(grant.expires_in, 3600s);
  EXPECT_EQ(std::count(grant.refresh_token->begin(), grant.refresh_token->end(), '.'), 0)
      << "the refresh token is opaque, not a JWT";

  const auto access = decode_claims(grant.access_token);
  ASSERT_TRUE(access.ok());
  const auto& claims = access->payload;
  EXPECT_EQ(claims["iss"], server_->issuer());
  EXPECT_EQ(claims["token_use"], "access");
  EXPECT_EQ(claims["username"], "alice");
  EXPECT_TRUE(claims.contains("client_id"));
  EXPECT_TRUE(claims.contains("jti"));
  EXPECT_EQ(claims["auth_time"], to_epoch_seconds(clock_->now()).count());
  EXPECT_EQ(*access->exp - *access->iat, 3600s);

  const auto id = decode_claims(grant.id_token);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->payload["token_use"], "id");
  EXPECT_EQ(id->payload["aud"], claims["client_id"]);
  EXPECT_EQ(id->payload["sub"], claims["sub"]);
}

TEST_F(PartnerApiTest, TokensAreSignedWithAKeyTheJwksPublishes) {
  const TokenGrant grant = sign_in_alice();
  const auto header = nlohmann::json::parse(
      *base64url_decode(grant.access_token.substr(0, grant.access_token.find('.'))));
  EXPECT_EQ(header["alg"], "RS256");
  auto jwks = http_->get("/.well-known/jwks.json");
  ASSERT_TRUE(jwks);
  ASSERT_EQ(jwks->status, 200);
  const auto keys = nlohmann::json::parse(jwks->body)["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["kid"], header["kid"]);
  EXPECT_EQ(keys[0]["kty"], "RSA");
  EXPECT_FALSE(keys[0].contains("d")) << "no private parts";
}

TEST_F(PartnerApiTest, OpenIdConfigurationNamesThisServer) {
  auto config = http_->get("/.well-known/openid-configuration");
  ASSERT_TRUE(config);
  const auto body = nlohmann::json::parse(config->body);
  EXPECT_EQ(body["issuer"], server_->base_url());
  EXPECT_EQ(body["jwks_uri"], server_->base_url() + "/.well-known/jwks.json");
}

TEST_F(PartnerApiTest, WrongPasswordAndUnknownUserAreTheSame401) {
  auto wrong = authenticator_->sign_in({"alice", "wrong password"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::invalid_credentials);
  auto raw_wrong = post_json("/auth", {{"username", "alice"}, {"password", "nope nope"}});
  auto raw_unknown = post_json("/auth", {{"username", "mallory"}, {"password", "nope nope"}});
  ASSERT_TRUE(raw_wrong && raw_unknown);
  EXPECT_EQ(raw_wrong->status, 401);
  EXPECT_EQ(raw_wrong->body, raw_unknown->body);
  EXPECT_EQ(nlohmann::json::parse(raw_wrong->body)["error"], "NotAuthorized");
}

TEST_F(PartnerApiTest, RefreshKeepsTheRefreshTokenAndMintsNewTokens) {
  const TokenGrant grant = sign_in_alice();
  clock_->advance(10min);
  auto refreshed = authenticator_->refresh({*grant.refresh_token, std::nullopt, std::nullopt});
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_FALSE(refreshed->refresh_token.has_value());
  EXPECT_NE(refreshed->access_token, grant.access_token);
  const auto claims = decode_claims(refreshed->access_token);
  EXPECT_EQ(*claims->iat, to_epoch_seconds(clock_->now()));
  EXPECT_EQ(claims->payload["auth_time"], to_epoch_seconds(clock_->now() - 10min).count());

  auto raw = post_json(
      "/auth/refresh_token",
      {{"token", *grant.refresh_token}, {"device_key", nullptr}, {"device_group_key", nullptr}});
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 200);
  const auto body = nlohmann::json::parse(raw->body);
  EXPECT_FALSE(body.contains("RefreshToken"));
  EXPECT_EQ(body["TokenType"], "Bearer");
  EXPECT_EQ(body["ExpiresIn"], 3600);
}

TEST_F(PartnerApiTest, LogoutRevokesTheRefreshToken) {
  const TokenGrant grant = sign_in_alice();
  ASSERT_TRUE(authenticator_->revoke(*grant.refresh_token).ok());
  auto refreshed = authenticator_->refresh({*grant.refresh_token, std::nullopt, std::nullopt});
  ASSERT_FALSE(refreshed.ok());
  EXPECT_EQ(refreshed.error().code, Errc::session_expired);
  auto raw = post_json("/auth/logout", {{"token", "unknown"}});
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 204);
}

TEST_F(PartnerApiTest, ExpiredAndUnknownRefreshTokensAre400) {
  const TokenGrant grant = sign_in_alice();
  clock_->advance(std::chrono::hours{24 * 30} + 1s);
  auto expired = post_json("/auth/refresh_token", {{"token", *grant.refresh_token}});
  auto unknown = post_json("/auth/refresh_token", {{"token", "not-a-token"}});
  ASSERT_TRUE(expired && unknown);
  EXPECT_EQ(expired->status, 400);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_EQ(nlohmann::json::parse(expired->body)["error"], "NotAuthorized");
  EXPECT_EQ(expired->body.find(*grant.refresh_token), std::string::npos);
}

TEST_F(PartnerApiTest, RevokingAUserEndsAllTheirSessions) {
  const TokenGrant first = sign_in_alice();
  const TokenGrant second = sign_in_alice();
  auto storage = idp::IdpStorage::open(dir_ / "idp.db", clock_->now(), idp::PasswordCost::minimal);
  ASSERT_TRUE(storage.ok());
  EXPECT_EQ(storage->refresh_tokens->revoke_user("alice"), 2);
  EXPECT_FALSE(authenticator_->refresh({*first.refresh_token, {}, {}}).ok());
  EXPECT_FALSE(authenticator_->refresh({*second.refresh_token, {}, {}}).ok());
}

TEST_F(PartnerApiTest, MfaFlowWithATotpCode) {
  const MfaChallenge challenge = bob_challenge();
  EXPECT_EQ(challenge.name, "SOFTWARE_TOKEN_MFA");
  auto outcome = authenticator_->respond_to_mfa(challenge, totp_now());
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto& grant = std::get<TokenGrant>(*outcome);
  EXPECT_TRUE(grant.refresh_token.has_value());
  EXPECT_EQ(decode_claims(grant.access_token)->payload["username"], "bob");
  // Single use: the same session does not work twice.
  clock_->advance(30s);
  EXPECT_FALSE(authenticator_->respond_to_mfa(challenge, totp_now()).ok());
}

TEST_F(PartnerApiTest, WrongCodeIs401AndTheRightOneStillWorks) {
  const MfaChallenge challenge = bob_challenge();
  const std::string right = totp_now();
  const std::string wrong = right == "000000" ? "111111" : "000000";
  auto raw = http_->put(
      "/auth/challenge/mfa-token",
      nlohmann::json{{"username", "bob"}, {"session", challenge.session}, {"code", wrong}}.dump(),
      "application/json");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 401);
  EXPECT_TRUE(authenticator_->respond_to_mfa(challenge, right).ok());
}

TEST_F(PartnerApiTest, ChallengeSessionExpires) {
  const MfaChallenge challenge = bob_challenge();
  clock_->advance(181s);
  auto outcome = authenticator_->respond_to_mfa(challenge, totp_now());
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, Errc::invalid_credentials);
}

TEST_F(PartnerApiTest, RepeatedWrongCodesAreThrottled) {
  int last_status = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const MfaChallenge challenge = bob_challenge();
    const std::string wrong = totp_now() == "000000" ? "111111" : "000000";
    auto raw = http_->put(
        "/auth/challenge/mfa-token",
        nlohmann::json{{"username", "bob"}, {"session", challenge.session}, {"code", wrong}}.dump(),
        "application/json");
    ASSERT_TRUE(raw);
    last_status = raw->status;
  }
  EXPECT_EQ(last_status, 429);
  // Even the right code waits out the window.
  EXPECT_FALSE(authenticator_->respond_to_mfa(bob_challenge(), totp_now()).ok());
  clock_->advance(301s);
  EXPECT_TRUE(authenticator_->respond_to_mfa(bob_challenge(), totp_now()).ok());
}

TEST_F(PartnerApiTest, RepeatedWrongPasswordsAreThrottledWithRetryAfter) {
  const auto attempt = [&](const std::string& password) {
    return http_->post("/auth",
                       nlohmann::json{{"username", "alice"}, {"password", password}}.dump(),
                       "application/json");
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt("not her password")->status, 401) << i;
  auto throttled = attempt(kAlicePassword);  // even the right one waits out the window
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(header_of(*throttled, "Retry-After"), "300");
  EXPECT_EQ(throttled->body.find(kAlicePassword), std::string::npos);
  auto other_user =
      http_->post("/auth", nlohmann::json{{"username", "bob"}, {"password", kBobPassword}}.dump(),
                  "application/json");
  EXPECT_EQ(other_user->status, 200) << "one user's guesser does not lock out another";
  clock_->advance(301s);
  EXPECT_EQ(attempt(kAlicePassword)->status, 200);
}

TEST_F(PartnerApiTest, RevokedStaysRevokedAndKeysAreKeptAcrossARestart) {
  const TokenGrant kept = sign_in_alice();
  const TokenGrant revoked = sign_in_alice();
  ASSERT_TRUE(authenticator_->revoke(*revoked.refresh_token).ok());
  const auto jwks_before = http_->get("/.well-known/jwks.json")->body;
  restart_server();
  EXPECT_EQ(http_->get("/.well-known/jwks.json")->body, jwks_before);
  EXPECT_TRUE(authenticator_->refresh({*kept.refresh_token, {}, {}}).ok());
  auto again = authenticator_->refresh({*revoked.refresh_token, {}, {}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::session_expired);
}

TEST_F(PartnerApiTest, RotatedKeysStayPublishedUntilTheirTokensExpire) {
  {
    auto storage =
        idp::IdpStorage::open(dir_ / "idp.db", clock_->now(), idp::PasswordCost::minimal);
    ASSERT_TRUE(storage.ok());
    ASSERT_TRUE(
        storage->keys->rotate(clock_->now(), storage->clients->longest_token_lifetime()).ok());
  }
  restart_server();
  EXPECT_EQ(nlohmann::json::parse(http_->get("/.well-known/jwks.json")->body)["keys"].size(), 2u);
  const TokenGrant grant = sign_in_alice();
  clock_->advance(3601s);
  const auto keys = nlohmann::json::parse(http_->get("/.well-known/jwks.json")->body)["keys"];
  ASSERT_EQ(keys.size(), 1u);
  const auto header = nlohmann::json::parse(
      *base64url_decode(grant.access_token.substr(0, grant.access_token.find('.'))));
  EXPECT_EQ(keys[0]["kid"], header["kid"]) << "new tokens are signed with the new key";
}

}  // namespace
}  // namespace freshauth::testing
