// The freshauth binary's failures end to end: every exit code and what each message tells the
// user to do. CliFixture checks all outputs for secrets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/session/cli_fixture.h"

namespace freshauth::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CliFailuresTest : public CliFixture {};

TEST_F(CliFailuresTest, NotSignedInIs3AndSaysToLogIn) {
  for (const char* command : {"token", "curl", "status", "exec"}) {
    std::vector<std::string> args = {command};
    if (std::string{command} == "curl") args.push_back("/api/user");
    if (std::string{command} == "exec") args.insert(args.end(), {"--", "true"});
    const auto result = freshauth(args);
    EXPECT_EQ(result.exit_code, 3) << command;
    const std::string& said = std::string{command} == "status" ? result.out : result.err;
    EXPECT_THAT(said, HasSubstr("freshauth login")) << command;
  }
  const auto other = freshauth({"token", "--profile", "work"});
  EXPECT_EQ(other.exit_code, 3);
  EXPECT_THAT(other.err,
              HasSubstr("not signed in (profile work): run `freshauth login --profile work`"));
}

TEST_F(CliFailuresTest, TopLevelHelpIsOneLinePerCommandAndEachCommandHasItsDetails) {
  const auto help = freshauth({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::vector<std::string> commands = {"demo",   "login", "token",  "curl", "status",
                                             "logout", "exec",  "verify", "idp",  "gateway"};
  std::istringstream lines(help.out.substr(help.out.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  std::size_t listed = 0;
  while (std::getline(lines, line) && !line.empty()) {
    ++listed;
    EXPECT_LE(line.size(), 120U) << line;
  }
  EXPECT_EQ(listed, commands.size()) << "one line each, nothing folded under a command";
  EXPECT_THAT(help.out, Not(HasSubstr("Exit codes"))) << "the details are in each command's help";
  EXPECT_THAT(help.out, HasSubstr("freshauth COMMAND --help"));
  for (const auto& command : commands) {
    const auto own = freshauth({command, "--help"});
    EXPECT_EQ(own.exit_code, 0) << command;
    EXPECT_THAT(own.out, HasSubstr("Exit codes")) << command;
  }
}

TEST_F(CliFailuresTest, UsageErrorsAre2) {
  EXPECT_EQ(freshauth({"token", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(freshauth({"curl"}).exit_code, 2) << "the target is required";
  EXPECT_EQ(freshauth({"token", "--profile", "../etc"}).exit_code, 2);
  EXPECT_EQ(freshauth({"token", "--endpoint", "ftp://x"}).exit_code, 2);
  const auto no_endpoint = freshauth({"login", "--username", "alice", "--password-stdin"},
                                     std::string{kAlicePassword} + "\n");
  EXPECT_EQ(no_endpoint.exit_code, 2);
  EXPECT_THAT(no_endpoint.err, HasSubstr("--endpoint"));
  EXPECT_THAT(no_endpoint.err, HasSubstr("FRESHAUTH_ENDPOINT"));
  std::filesystem::create_directories(home_ / ".config/freshauth");
  write_file(home_ / ".config/freshauth/config.toml", "[profiles.default]\nendpoint = \n");
  const auto malformed = freshauth({"token"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_THAT(malformed.err, HasSubstr((home_ / ".config/freshauth/config.toml").string()));
  EXPECT_THAT(malformed.err, HasSubstr("line 2"));
}

TEST_F(CliFailuresTest, WrongPasswordIs6AndSaysSo) {
  const auto result = freshauth({"login", "--endpoint", endpoint(), "--username", "alice",
                                 "--partner-id", kPartnerId, "--password-stdin"},
                                "not the password\n");
  EXPECT_EQ(result.exit_code, 6);
  EXPECT_THAT(result.err, HasSubstr("wrong username or password for alice"));
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "session.json"));
  EXPECT_THAT(result.err, Not(HasSubstr("not the password")));
}

TEST_F(CliFailuresTest, WrongMfaCodeIs6AndSaysSo) {
  const long long now = to_epoch_seconds(SystemClock{}.now()).count();
  std::string wrong = "000000";
  for (const long long at : {now - 30, now, now + 30, now + 60}) {
    if (bob_totp(at) == wrong) wrong = "999999";
  }
  const auto result =
      freshauth({"login", "--endpoint", endpoint(), "--username", "bob", "--partner-id", kPartnerId,
                 "--password-stdin", "--mfa-code", wrong},
                std::string{kBobPassword} + "\n");
  EXPECT_EQ(result.exit_code, 6);
  EXPECT_THAT(result.err, HasSubstr("wrong MFA code"));
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "session.json"));
}

TEST_F(CliFailuresTest, HttpErrorIs4AndNetworkErrorIs5) {
  login_alice();
  const auto not_found = freshauth({"curl", "/no/such/path"});
  EXPECT_EQ(not_found.exit_code, 4);
  EXPECT_THAT(not_found.err, HasSubstr("HTTP 404"));
  const auto not_found_json = freshauth({"curl", "--json", "/no/such/path"});
  EXPECT_EQ(not_found_json.exit_code, 4);
  EXPECT_EQ(nlohmann::json::parse(not_found_json.out)["status"], 404);
  EXPECT_EQ(freshauth({"status"}).exit_code, 0) << "an HTTP error leaves the session alone";

  server_->stop();
  const auto unreachable = freshauth({"curl", "/api/user"});
  EXPECT_EQ(unreachable.exit_code, 5);
  EXPECT_THAT(unreachable.err, HasSubstr("try again"));
  const auto login = freshauth({"login", "--password-stdin"}, std::string{kAlicePassword} + "\n");
  EXPECT_EQ(login.exit_code, 5) << login.err;
}

TEST_F(CliFailuresTest, AnApiRejectingTheTokenEndsTheSession) {
  login_alice();
  stored_refresh_token();
  // Another idp has other signing keys: it answers this session's token with 401.
  auto stranger = start_idp(dir_ / "stranger.db");
  ASSERT_NE(stranger, nullptr);
  const auto rejected = freshauth({"curl", "--api-base", stranger->base_url(), "/api/user"});
  EXPECT_EQ(rejected.exit_code, 3);
  EXPECT_THAT(rejected.err, HasSubstr("401"));
  EXPECT_THAT(rejected.err, HasSubstr("run `freshauth login`"));
  EXPECT_EQ(freshauth({"status"}).exit_code, 3) << "the session was cleared";
}

TEST_F(CliFailuresTest, LogoutWithTheServerDownStillSignsOutLocally) {
  login_alice();
  stored_refresh_token();
  server_->stop();
  const auto logout = freshauth({"logout"});
  EXPECT_EQ(logout.exit_code, 0);
  EXPECT_THAT(logout.err, HasSubstr("could not revoke"));
  EXPECT_THAT(logout.err, HasSubstr("stays valid at the server"));
  EXPECT_EQ(freshauth({"status"}).exit_code, 3);
}

}  // namespace
}  // namespace freshauth::testing
