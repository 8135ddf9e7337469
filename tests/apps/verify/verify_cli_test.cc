// Runs `freshauth verify` end to end on tokens from the corpus.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "freshauth/platform/run_process.h"
#include "freshauth/server/http_server.h"
#include "support/token_corpus.h"

extern char** environ;

namespace freshauth {
namespace {

struct Run {
  int exit_code;
  std::string out;
};

constexpr std::string_view kSecretVariable = "FRESHAUTH_INTROSPECT_CLIENT_SECRET";

// This process's environment with the introspection secret set to `secret`, or removed.
std::vector<std::string> environment_with_secret(const std::string& secret) {
  std::vector<std::string> variables;
  for (char** each = environ; *each != nullptr; ++each) {
    const std::string_view entry{*each};
    if (entry.substr(0, entry.find('=')) != kSecretVariable) variables.emplace_back(entry);
  }
  if (!secret.empty()) variables.push_back(std::string{kSecretVariable} + "=" + secret);
  return variables;
}

// `freshauth <args>` with `input` on stdin; its stderr is dropped. Killed (and the test failed)
// if it runs longer than a minute.
Run run(std::vector<std::string> args, const std::string& input = {},
        const std::string& secret = {}) {
  platform::ProcessSpec spec;
  spec.argv = {FRESHAUTH_BINARY};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.environment = environment_with_secret(secret);
  spec.in = platform::Stdio::pipe;
  spec.out = platform::Stdio::pipe;
  spec.err = platform::Stdio::null;
  auto result = platform::run_process(spec, input, std::chrono::minutes{1});
  if (!result) {
    ADD_FAILURE() << "cannot run " << FRESHAUTH_BINARY << ": " << result.error().message();
    return {-1, {}};
  }
  EXPECT_FALSE(result->timed_out) << "freshauth verify still ran after a minute: killed";
  return {result->exit ? result->exit->shell_code() : -1, std::move(result->out)};
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

  std::vector<std::string> command(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{
        "verify",      "--issuer",        testing::kIssuer, "--jwks", (dir_ / "jwks.json").string(),
        "--client-id", testing::kClientId};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  SystemClock clock_;
  testing::TokenCorpus corpus_{clock_.now()};
  std::filesystem::path dir_;
};

TEST_F(VerifyCliTest, ValidTokenAsArgumentPrintsClaims) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  const auto result = run(command({token}));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(result.out)["sub"], "user-1");
}

TEST_F(VerifyCliTest, TokenOnStdin) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.id_claims()).value();
  const auto result = run(command({"--token-use", "id"}), token + "\n");
  EXPECT_EQ(result.exit_code, 0);
}

TEST_F(VerifyCliTest, RefusedTokenExitsOneWithTheReason) {
  const auto token =
      sign_jwt(corpus_.rsa1(), corpus_.access_claims({{"client_id", "other"}})).value();
  const auto result = run(command({token}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(result.out)["reason"], "wrong_audience");
}

TEST_F(VerifyCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run({"verify", "--jwks", "x.json"}).exit_code, 2);
  EXPECT_EQ(run(command({"--token-use", "refresh", "x"})).exit_code, 2);
  const auto help = run({"verify", "--help"});
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
  const std::string secret = "s3cret";
  IntrospectionEndpoint active{true};
  const auto accepted = run(
      command({"--introspect", active.url(), "--introspect-client-id", "rs", token}), {}, secret);
  EXPECT_EQ(accepted.exit_code, 0);
  EXPECT_TRUE(active.authenticated());

  IntrospectionEndpoint revoked{false};
  const auto refused = run(
      command({"--introspect", revoked.url(), "--introspect-client-id", "rs", token}), {}, secret);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(refused.out)["reason"], "revoked");
}

TEST_F(VerifyCliTest, IntrospectionFailsClosedWhenTheEndpointIsDown) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  const auto result = run(command({"--introspect", "http://127.0.0.1:1/introspect",
                                   "--introspect-client-id", "rs", token}),
                          {}, "s");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(result.out)["reason"], "revocation_unknown");
}

TEST_F(VerifyCliTest, IntrospectionNeedsTheSecretInTheEnvironmentAndHttpsElsewhere) {
  const auto token = sign_jwt(corpus_.rsa1(), corpus_.access_claims()).value();
  EXPECT_EQ(
      run(command({"--introspect", "http://127.0.0.1:1/i", "--introspect-client-id", "rs", token}))
          .exit_code,
      2);
  EXPECT_EQ(
      run(command({"--introspect", "http://idp.example/i", "--introspect-client-id", "rs", token}),
          {}, "s")
          .exit_code,
      2);
}

}  // namespace
}  // namespace freshauth
