// Runs `freshauth verify` end to end on tokens from the corpus.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "token_corpus.h"

namespace freshauth {
namespace {

struct Run {
  int exit_code;
  std::string out;
};

Run run(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class VerifyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("freshauth-verify-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "jwks.json") << corpus_.jwks().dump();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string command(const std::string& extra = "") const {
    return std::string{FRESHAUTH_BINARY} + " verify --issuer " + testing::kIssuer + " --jwks " +
           (dir_ / "jwks.json").string() + " --client-id " + testing::kClientId + " " + extra;
  }

  SystemClock clock_;
  testing::TokenCorpus corpus_{clock_.now()};
  std::filesystem::path dir_;
};

TEST_F(VerifyCliTest, ValidTokenAsArgumentPrintsClaims) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  const auto result = run(command(token));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(result.out)["sub"], "user-1");
}

TEST_F(VerifyCliTest, TokenOnStdin) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.id_claims()).value();
  const auto result = run("echo " + token + " | " + command("--token-use id"));
  EXPECT_EQ(result.exit_code, 0);
}

TEST_F(VerifyCliTest, RefusedTokenExitsOneWithTheReason) {
  const auto token =
      sign_jwt(corpus_.rsa1(), corpus_.access_claims({{"client_id", "other"}})).value();
  const auto result = run(command(token));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(result.out)["reason"], "wrong_audience");
}

TEST_F(VerifyCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run(std::string{FRESHAUTH_BINARY} + " verify --jwks x.json").exit_code, 2);
  EXPECT_EQ(run(command("--token-use refresh x")).exit_code, 2);
  const auto help = run(std::string{FRESHAUTH_BINARY} + " verify --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
}

}  // namespace
}  // namespace freshauth
