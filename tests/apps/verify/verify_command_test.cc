// `freshauth verify` called in process: run(options, context) on tokens of the verify layer's
// corpus, with the token on the context's input and the clock at the corpus's time.
#include "verify/verify_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "apps/common/test_context.h"
#include "common/exit_codes.h"
#include "support/temp_dir.h"
#include "support/token_corpus.h"

namespace freshauth::testing {
namespace {

using ::testing::HasSubstr;
using namespace cli;

class VerifyCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(dir_ / "jwks.json") << corpus_.jwks().dump(); }

  VerifyOptions options(std::string token) const {
    VerifyOptions options;
    options.issuer = kIssuer;
    options.jwks = (dir_ / "jwks.json").string();
    options.client_ids = {kClientId};
    options.token = std::move(token);
    return options;
  }

  TestContext test_;
  TempDir dir_;
  TokenCorpus corpus_{test_.clock->now()};
};

TEST_F(VerifyCommandTest, AValidTokenFromTheInputPrintsItsClaims) {
  TestContext test{{}, sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value() + "\n"};
  test.clock->set(test_.clock->now());
  ASSERT_EQ(run(options("-"), test.context), kExitOk) << test.err.str();
  EXPECT_EQ(nlohmann::json::parse(test.out.str())["sub"], "user-1");
}

TEST_F(VerifyCommandTest, AGarbageTokenIsRefusedWithItsReasonAsData) {
  EXPECT_EQ(run(options("not.a.token"), test_.context), kExitFailed);
  const auto answer = nlohmann::json::parse(test_.out.str());
  EXPECT_EQ(answer["valid"], false);
  EXPECT_FALSE(answer["reason"].get<std::string>().empty());
  EXPECT_THAT(test_.err.str(), HasSubstr("freshauth verify: refused: "));
}

TEST_F(VerifyCommandTest, TheContextsClockDecidesExpiry) {
  const std::string token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  test_.clock->advance(std::chrono::hours{24});
  EXPECT_EQ(run(options(token), test_.context), kExitFailed);
  EXPECT_EQ(nlohmann::json::parse(test_.out.str())["reason"], "expired");
}

TEST_F(VerifyCommandTest, AnUnusableJwksIsAUsageErrorThatSaysWhatToCheck) {
  VerifyOptions missing = options("x");
  missing.jwks = (dir_ / "nowhere.json").string();
  EXPECT_EQ(run(missing, test_.context), kExitUsage);
  EXPECT_THAT(test_.err.str(), HasSubstr("check --jwks"));
}

TEST_F(VerifyCommandTest, IntrospectionTakesTheSecretFromTheContextsEnvironment) {
  VerifyOptions introspect = options("x");
  introspect.introspect = "http://127.0.0.1:9/introspect";
  introspect.introspect_client_id = "backend";
  EXPECT_EQ(run(introspect, test_.context), kExitUsage);
  EXPECT_THAT(test_.err.str(), HasSubstr(kIntrospectSecretVariable));
}

}  // namespace
}  // namespace freshauth::testing
