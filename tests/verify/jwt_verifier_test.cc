#include "freshauth/verify/jwt_verifier.h"

#include <gtest/gtest.h>

#include "freshauth/verify/jwks_provider.h"
#include "support/token_corpus.h"

namespace freshauth {
namespace {

using testing::TokenCorpus;

class JwtVerifierTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  TokenCorpus corpus_{clock_.now()};
  std::shared_ptr<KeySource> keys_ = JwksProvider::from_json(corpus_.jwks().dump(), clock_).value();

  VerifyResult verify(const std::string& token, VerifierConfig config = TokenCorpus::config()) {
    return JwtVerifier(std::move(config), keys_, clock_).verify(token);
  }
};

TEST_F(JwtVerifierTest, EveryCorpusCaseGetsItsVerdict) {
  for (const auto& c : corpus_.cases()) {
    SCOPED_TRACE(c.name);
    const auto result = verify(c.token, c.config);
    if (!c.expected) {
      EXPECT_TRUE(result.ok()) << result.error().describe();
    } else {
      EXPECT_EQ(result.ok() ? "accepted" : to_string(result.error().reason), to_string(*c.expected))
          << (result.ok() ? "" : result.error().message);
    }
  }
}

TEST_F(JwtVerifierTest, AcceptedTokenCarriesItsClaims) {
  const auto result = verify(sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result->claims)["sub"], "user-1");
  EXPECT_EQ(result->exp, static_cast<double>(to_epoch_seconds(clock_.now()).count() + 3600));
}

TEST_F(JwtVerifierTest, ExpiryFollowsTheClockAndLeeway) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  auto config = TokenCorpus::config();
  config.leeway = std::chrono::seconds{30};
  clock_.advance(std::chrono::seconds{3600 + 29});
  EXPECT_TRUE(verify(token, config).ok());
  clock_.advance(std::chrono::seconds{1});
  EXPECT_EQ(verify(token, config).error().reason, VerifyErrc::expired);
  EXPECT_EQ(verify(token).error().reason, VerifyErrc::expired);
}

TEST_F(JwtVerifierTest, NotBeforeBecomesValidWithTime) {
  const auto now = to_epoch_seconds(clock_.now()).count();
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims({{"nbf", now + 10}})).value();
  EXPECT_EQ(verify(token).error().reason, VerifyErrc::not_yet_valid);
  clock_.advance(std::chrono::seconds{10});
  EXPECT_TRUE(verify(token).ok());
}

TEST_F(JwtVerifierTest, RequiresEveryScopeAndOneAcceptedGroup) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  auto config = TokenCorpus::config();
  config.required_scopes = {"orders/read", "aws.cognito.signin.user.admin"};
  EXPECT_TRUE(verify(token, config).ok());
  config.required_scopes.push_back("orders/write");
  EXPECT_EQ(verify(token, config).error().reason, VerifyErrc::missing_scope);
  config.required_scopes.clear();
  config.accepted_groups = {"nobody", "admins"};
  EXPECT_TRUE(verify(token, config).ok());
}

TEST_F(JwtVerifierTest, IdTokenAudienceMayBeAnArray) {
  const auto token =
      sign_jwt(corpus_.rsa1(), corpus_.id_claims({{"aud", {"other", "client-a"}}})).value();
  EXPECT_TRUE(verify(token, TokenCorpus::config(TokenUse::id)).ok());
}

TEST_F(JwtVerifierTest, ClaimsOfTheWrongTypeAreMalformed) {
  for (const auto& change : {nlohmann::json{{"exp", "tomorrow"}}, nlohmann::json{{"nbf", true}}}) {
    const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims(change)).value();
    EXPECT_EQ(verify(token).error().reason, VerifyErrc::malformed) << change.dump();
  }
}

TEST_F(JwtVerifierTest, EveryHmacAlgorithmIsRefused) {
  for (const char* alg : {"HS256", "HS384", "HS512", "none", "None", "RS1", ""}) {
    const std::string header = nlohmann::json{{"alg", alg}, {"kid", "rsa-1"}}.dump();
    const auto token = testing::sign_raw(corpus_.rsa1(), header, corpus_.access_claims().dump());
    EXPECT_EQ(verify(token).error().reason, VerifyErrc::unsupported_algorithm) << alg;
  }
}

TEST_F(JwtVerifierTest, PaddedOrDotted) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  EXPECT_EQ(verify(token + "=").error().reason, VerifyErrc::malformed);
  EXPECT_EQ(verify(token + ".").error().reason, VerifyErrc::malformed);
  EXPECT_EQ(verify("").error().reason, VerifyErrc::malformed);
  EXPECT_EQ(verify("..").error().reason, VerifyErrc::malformed);
}

}  // namespace
}  // namespace freshauth
