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

TEST_F(JwtVerifierTest, ClaimsReadLaterAreThePayloadAsSigned) {
  using nlohmann::json;
  const json deep = json::array({1, 2, json{{"x", "y"}}});
  const auto claims = corpus_.access_claims(json{{"nested", json{{"deep", deep}}}});
  const auto result = verify(sign_jwt(corpus_.rsa1(), claims).value());
  ASSERT_TRUE(result.ok());
  const VerifiedClaims copy = result->claims;
  EXPECT_EQ(*copy, claims);
  EXPECT_EQ(&*copy, &*result->claims) << "copies share one parse";
}

TEST_F(JwtVerifierTest, NamesWrittenWithEscapesAreTheSameNames) {
  const auto now = to_epoch_seconds(clock_.now()).count();
  const std::string header = R"({"\u0061lg":"RS256","kid":"rsa\u002d1"})";
  std::string payload = corpus_.access_claims({{"iss", nullptr}, {"exp", nullptr}}).dump();
  payload.insert(
      1, R"("\u0069ss":"https:\/\/cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool",)" +
             std::string{R"("e\u0078p":)"} + std::to_string(now + 60) + ",");
  const auto result = verify(testing::sign_raw(corpus_.rsa1(), header, payload));
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_EQ(result->exp, static_cast<double>(now + 60));
  EXPECT_EQ(result->claims->at("iss"), testing::kIssuer);
}

TEST_F(JwtVerifierTest, ANameTwiceIsMalformedInHeaderAndPayload) {
  const std::string header = R"({"alg":"RS256","kid":"rsa-1"})";
  const std::string claims = corpus_.access_claims().dump();
  std::string twice = claims;
  twice.insert(1, R"("token_use":"id",)");
  EXPECT_EQ(verify(testing::sign_raw(corpus_.rsa1(), header, twice)).error().reason,
            VerifyErrc::malformed);
  const std::string alg_twice = R"({"alg":"HS256","alg":"RS256","kid":"rsa-1"})";
  EXPECT_EQ(verify(testing::sign_raw(corpus_.rsa1(), alg_twice, claims)).error().reason,
            VerifyErrc::malformed);
  ASSERT_TRUE(verify(testing::sign_raw(corpus_.rsa1(), header, claims)).ok());
}

TEST_F(JwtVerifierTest, NumbersThatAreNotFiniteAreNotJson) {
  std::string claims = corpus_.access_claims({{"exp", nullptr}}).dump();
  claims.insert(1, R"("exp":1e999,)");
  const std::string header = R"({"alg":"RS256","kid":"rsa-1"})";
  EXPECT_EQ(verify(testing::sign_raw(corpus_.rsa1(), header, claims)).error().reason,
            VerifyErrc::malformed);
}

TEST_F(JwtVerifierTest, Ed25519TokensVerify) {
  const auto ed = SigningKey::generate_ed25519("ed-1").value();
  const nlohmann::json jwks = {{"keys", {ed.public_jwk()}}};
  const std::shared_ptr<KeySource> keys = JwksProvider::from_json(jwks.dump(), clock_).value();
  JwtVerifier verifier(TokenCorpus::config(), keys, clock_);
  const auto token = sign_jwt(ed, corpus_.access_claims()).value();
  const auto result = verifier.verify(token);
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_EQ(result->claims->at("sub"), "user-1");
  auto tampered = token;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier.verify(tampered).error().reason, VerifyErrc::bad_signature);
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
