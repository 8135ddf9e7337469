// Runs `freshauth verify` end to end on tokens from the corpus.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "freshauth/server/http_server.h"
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

// An introspection endpoint on 127.0.0.1, on the project's HTTP server, that says `active` for
// every token and remembers whether the client authenticated.
class IntrospectionEndpoint {
 public:
  explicit IntrospectionEndpoint(bool active)
      : authenticated_(std::make_shared<std::atomic<bool>>()) {
    server::Router router;
    router.add("POST", "/introspect",
               [active, authenticated = authenticated_](const server::ServerRequest& request) {
                 *authenticated =
                     request.header("Authorization").value_or("").starts_with("Basic ");
                 return server::json_response(200, {{"active", active}});
               });
    server_ = std::make_unique<server::HttpServer>(server::HttpServerOptions{}, std::move(router));
    if (auto started = server_->start(); !started) ADD_FAILURE() << started.error().describe();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/introspect";
  }
  bool authenticated() const { return authenticated_->load(); }

 private:
  std::shared_ptr<std::atomic<bool>> authenticated_;
  std::unique_ptr<server::HttpServer> server_;
};

TEST_F(VerifyCliTest, IntrospectionRefusesARevokedToken) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  const std::string secret = "FRESHAUTH_INTROSPECT_CLIENT_SECRET=s3cret ";
  IntrospectionEndpoint active{true};
  const auto accepted =
      run(secret + command("--introspect " + active.url() + " --introspect-client-id rs " + token));
  EXPECT_EQ(accepted.exit_code, 0);
  EXPECT_TRUE(active.authenticated());

  IntrospectionEndpoint revoked{false};
  const auto refused = run(
      secret + command("--introspect " + revoked.url() + " --introspect-client-id rs " + token));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(refused.out)["reason"], "revoked");
}

TEST_F(VerifyCliTest, IntrospectionFailsClosedWhenTheEndpointIsDown) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  const auto result = run("FRESHAUTH_INTROSPECT_CLIENT_SECRET=s " +
                          command("--introspect http://127.0.0.1:1/introspect "
                                  "--introspect-client-id rs " +
                                  token));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(result.out)["reason"], "revocation_unknown");
}

TEST_F(VerifyCliTest, IntrospectionNeedsTheSecretInTheEnvironmentAndHttpsElsewhere) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  EXPECT_EQ(run("env -u FRESHAUTH_INTROSPECT_CLIENT_SECRET " +
                command("--introspect http://127.0.0.1:1/i --introspect-client-id rs " + token))
                .exit_code,
            2);
  EXPECT_EQ(run("FRESHAUTH_INTROSPECT_CLIENT_SECRET=s " +
                command("--introspect http://idp.example/i --introspect-client-id rs " + token))
                .exit_code,
            2);
}

}  // namespace
}  // namespace freshauth
