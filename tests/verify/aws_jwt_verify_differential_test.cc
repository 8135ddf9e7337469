// The same corpus through freshauth's verifier and aws-jwt-verify (node): every verdict must
// agree, except where we are stricter on purpose (those must be refused by us, accepted by it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "freshauth/platform/run_process.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "support/peers.h"
#include "support/token_corpus.h"

namespace freshauth {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kSourceDir = FRESHAUTH_SOURCE_DIR;

// aws-jwt-verify's verdicts on `input`; nullopt when node fails or runs longer than a minute.
std::optional<std::string> run_oracle(const fs::path& input) {
  platform::ProcessSpec spec;
  spec.argv = {"node", (kSourceDir / "tests/verify/aws_jwt_verify_oracle.mjs").string(),
               input.string()};
  spec.out = platform::Stdio::pipe;
  auto run = platform::run_process(spec, {}, std::chrono::minutes{1});
  if (!run || !run->exit || run->exit->code != 0) return std::nullopt;
  return std::move(run->out);
}

json oracle_case(const testing::CorpusCase& c) {
  json entry = {{"name", c.name},
                {"token", c.token},
                {"tokenUse", c.config.token_use == TokenUse::access ? "access" : "id"},
                {"clientId", c.config.client_ids}};
  if (!c.config.required_scopes.empty()) entry["scope"] = c.config.required_scopes;
  if (!c.config.accepted_groups.empty()) entry["groups"] = c.config.accepted_groups;
  return entry;
}

TEST(AwsJwtVerifyDifferentialTest, SameVerdictOnEveryToken) {
  FRESHAUTH_REQUIRE_PEER(testing::node_available(), "node");
  FRESHAUTH_REQUIRE_PEER(testing::node_package_installed(kSourceDir, "aws-jwt-verify"),
                         "node_modules/aws-jwt-verify");
  // aws-jwt-verify reads the real time, so the corpus is minted around it.
  const ManualClock clock{SystemClock{}.now()};
  const testing::TokenCorpus corpus(clock.now());
  auto keys = JwksProvider::from_json(corpus.jwks().dump(), clock).value();
  json input = {
      {"userPoolId", testing::kUserPoolId}, {"jwks", corpus.jwks()}, {"cases", json::array()}};
  std::map<std::string, std::pair<testing::CorpusCase, bool>> ours;
  for (const auto& c : corpus.cases()) {
    if (!c.rsa_only) continue;  // aws-jwt-verify 4 verifies RSA signatures only
    input["cases"].push_back(oracle_case(c));
    ours.emplace(c.name,
                 std::make_pair(c, JwtVerifier(c.config, keys, clock).verify(c.token).ok()));
  }
  const fs::path file =
      fs::temp_directory_path() / ("freshauth-oracle-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << input.dump();
  const auto output = run_oracle(file);
  fs::remove(file);
  ASSERT_TRUE(output) << "the aws-jwt-verify oracle failed to run";
  const auto verdicts = json::parse(*output);
  ASSERT_EQ(verdicts.size(), ours.size());
  for (const auto& verdict : verdicts) {
    const auto& [c, we_accept] = ours.at(verdict["name"]);
    SCOPED_TRACE(c.name + " (aws-jwt-verify: " + verdict.value("error", std::string{"valid"}) +
                 ")");
    const bool they_accept = verdict["valid"].get<bool>();
    if (c.stricter_than_aws) {
      EXPECT_FALSE(we_accept);
      EXPECT_TRUE(they_accept) << "no longer a divergence: drop stricter_than_aws";
    } else {
      EXPECT_EQ(we_accept, they_accept);
    }
  }
}

}  // namespace
}  // namespace freshauth
