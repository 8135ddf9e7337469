// The dev-only lying server: ExpiresIn overstated everywhere it is reported, exp left alone.
#include "freshauth/core/expiry.h"
#include "freshauth/core/token_claims.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

class ExpiresInOverstatementTest : public IdpFixture {
 protected:
  void SetUp() override {
    IdpFixture::SetUp();
    http_.reset();
    authenticator_.reset();
    server_.reset();
    start_server({}, 600s);
  }

  static std::chrono::seconds lifetime_in_token(const std::string& access_token) {
    const auto claims = decode_claims(access_token);
    EXPECT_TRUE(claims.ok() && claims->exp && claims->iat);
    if (!claims.ok() || !claims->exp || !claims->iat) return 0s;
    return *claims->exp - *claims->iat;
  }
};

TEST_F(ExpiresInOverstatementTest, PartnerApiOverstatesOnSignInAndRefresh) {
  const TokenGrant grant = sign_in_alice();
  EXPECT_EQ(grant.expires_in, 4200s);
  EXPECT_EQ(lifetime_in_token(grant.access_token), 3600s);

  auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}});
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_EQ(refreshed->expires_in, 4200s);
  EXPECT_EQ(lifetime_in_token(refreshed->access_token), 3600s);
}

TEST_F(ExpiresInOverstatementTest, CognitoJsonApiOverstates) {
  auto response = http_->post(
      "/",
      nlohmann::json{{"AuthFlow", "USER_PASSWORD_AUTH"},
                     {"ClientId", client_id_},
                     {"AuthParameters", {{"USERNAME", "alice"}, {"PASSWORD", kAlicePassword}}}}
          .dump(),
      "application/x-amz-json-1.1",
      {{"X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth"}});
  ASSERT_TRUE(response);
  const auto result = nlohmann::json::parse(response->body)["AuthenticationResult"];
  EXPECT_EQ(result["ExpiresIn"], 4200);
  EXPECT_EQ(lifetime_in_token(result["AccessToken"]), 3600s);
}

TEST_F(ExpiresInOverstatementTest, OnlyAClientTrustingTheTokenSeesTheRealExpiry) {
  const TokenGrant grant = sign_in_alice();
  const TimePoint sent = clock_->now();
  EXPECT_EQ(estimate_expiry(grant, sent, /*trust_token_claims=*/true).expires_at, sent + 3600s);
  EXPECT_EQ(estimate_expiry(grant, sent, /*trust_token_claims=*/false).expires_at, sent + 4200s);
}

}  // namespace
}  // namespace freshauth::testing
