// The freshauth binary end to end against the embedded idp: login with MFA, token, curl, status,
// exec, logout, refreshes, profiles. Failures and exit codes: cli_failures_test.cc. CliFixture
// checks all outputs for secrets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <set>

#include "apps/session/cli_fixture.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/security/fingerprint.h"

namespace freshauth::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using namespace std::chrono_literals;

class CliEndToEndTest : public CliFixture {};

TEST_F(CliEndToEndTest, LoginWithMfaThenTokenCurlStatusExecLogout) {
  const long long now = to_epoch_seconds(SystemClock{}.now()).count();
  // The code comes on the line after the password: no terminal, no prompt.
  const auto login = freshauth({"login", "--endpoint", endpoint(), "--username", "bob",
                                "--partner-id", kPartnerId, "--password-stdin"},
                               std::string{kBobPassword} + "\n" + bob_totp(now) + "\n");
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, HasSubstr("Signed in to " + endpoint() + " as bob"));
  EXPECT_THAT(login.out, HasSubstr((state_dir() / "session.json").string()));
  EXPECT_THAT(login.out, HasSubstr("UNENCRYPTED")) << "the plain store says what it is";
  const std::string refresh_token = stored_refresh_token();
  EXPECT_EQ(mode_of(home_ / ".local/state/freshauth"), 0700u);
  EXPECT_EQ(mode_of(state_dir()), 0700u);
  EXPECT_EQ(mode_of(state_dir() / "session.json"), 0600u);
  EXPECT_EQ(mode_of(state_dir() / "refresh_token.secret"), 0600u);

  const auto token = freshauth({"token"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string access_token = trimmed(token.out);
  auto claims = decode_claims(access_token);
  ASSERT_TRUE(claims.ok()) << "token prints the access token alone";
  EXPECT_EQ(claims->payload["username"], "bob");
  EXPECT_EQ(claims->payload["token_use"], "access");

  const auto token_json = freshauth({"token", "--json"});
  ASSERT_EQ(token_json.exit_code, 0) << token_json.err;
  const auto details = nlohmann::json::parse(token_json.out);
  EXPECT_EQ(details["access_token"], access_token) << "still fresh: no refresh";
  EXPECT_EQ(details["generation"], 1);
  EXPECT_EQ(details["partner_id"], kPartnerId);
  EXPECT_THAT(details["expires_at"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
  EXPECT_GT(details["expires_in"].get<int>(), 3500);
  EXPECT_LE(details["expires_in"].get<int>(), 3600);
  EXPECT_THAT(token_json.out, Not(HasSubstr("refresh")));
  EXPECT_EQ(refresh_calls(), 0);

  const auto curl = freshauth({"curl", "/api/user"});
  ASSERT_EQ(curl.exit_code, 0) << curl.err;
  const auto user = nlohmann::json::parse(curl.out);
  EXPECT_EQ(user["username"], "bob");
  EXPECT_EQ(user["partner_id"], kPartnerId) << "X-Preferred-Partner-Id from the session";
  const auto included = freshauth({"curl", "-i", "/api/user"});
  ASSERT_EQ(included.exit_code, 0);
  EXPECT_THAT(included.out, MatchesRegex("HTTP 200\n(.|\n)*Content-Type: application/json(.|\n)*"));
  const auto curl_json = freshauth({"curl", "--json", endpoint() + "/api/user"});
  ASSERT_EQ(curl_json.exit_code, 0) << curl_json.err;
  EXPECT_EQ(nlohmann::json::parse(curl_json.out)["status"], 200);

  const auto status = freshauth({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("yes, as bob"));
  EXPECT_THAT(status.out, HasSubstr(fingerprint(access_token)));
  EXPECT_THAT(status.out, HasSubstr(fingerprint(refresh_token)));
  EXPECT_THAT(status.out, HasSubstr(kPartnerId));
  EXPECT_THAT(status.out, HasSubstr((state_dir() / "session.json").string()));
  const auto status_json = nlohmann::json::parse(freshauth({"status", "--json"}).out);
  EXPECT_EQ(status_json["signed_in"], true);
  EXPECT_EQ(status_json["username"], "bob");
  EXPECT_EQ(status_json["generation"], 1);
  EXPECT_EQ(status_json["refresh_token_fingerprint"], fingerprint(refresh_token));
  EXPECT_EQ(status_json["endpoint"], endpoint());

  EXPECT_EQ(freshauth({"exec", "--", "sh", "-c",
                       "test -n \"$FRESHAUTH_ACCESS_TOKEN\" && test \"$FRESHAUTH_PARTNER_ID\" = " +
                           std::string{kPartnerId}})
                .exit_code,
            0);
  EXPECT_EQ(freshauth({"exec", "--env-name", "API_TOKEN", "--", "sh", "-c",
                       "test \"$API_TOKEN\" = \"$FRESHAUTH_ACCESS_TOKEN\""})
                .exit_code,
            0);
  const auto printed =
      freshauth({"exec", "--", "sh", "-c", "printf %s \"$FRESHAUTH_ACCESS_TOKEN\""});
  EXPECT_EQ(printed.out, access_token);
  EXPECT_EQ(freshauth({"exec", "--", "sh", "-c", "exit 7"}).exit_code, 7);
  EXPECT_EQ(freshauth({"exec", "--", "sh", "-c", "kill -TERM $$"}).exit_code, 128 + SIGTERM);
  const auto missing = freshauth({"exec", "--", "/no/such/command"});
  EXPECT_EQ(missing.exit_code, 127);
  EXPECT_THAT(missing.err, HasSubstr("/no/such/command"));

  const auto logout = freshauth({"logout"});
  ASSERT_EQ(logout.exit_code, 0) << logout.err;
  EXPECT_THAT(logout.out, HasSubstr("revoked"));
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "session.json"));
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "refresh_token.secret"));
  auto refused = server_->admin().check_refresh_token(refresh_token, SystemClock{}.now());
  ASSERT_FALSE(refused.ok()) << "the server revoked the refresh token";
  EXPECT_EQ(refused.error().code, Errc::session_expired);
  EXPECT_EQ(freshauth({"status"}).exit_code, 3);
  EXPECT_EQ(freshauth({"logout"}).exit_code, 0) << "logging out twice is fine";
}

TEST_F(CliEndToEndTest, TokenRefreshesASessionNearExpiry) {
  login_alice();
  stored_refresh_token();
  const std::string before = trimmed(freshauth({"token"}).out);
  age_session(3600s - 60s);  // one minute left: inside the 5-minute refresh window
  const auto refreshed = freshauth({"token", "--json"});
  ASSERT_EQ(refreshed.exit_code, 0) << refreshed.err;
  const auto details = nlohmann::json::parse(refreshed.out);
  EXPECT_NE(details["access_token"], before);
  EXPECT_EQ(details["generation"], 2);
  EXPECT_GT(details["expires_in"].get<int>(), 3500);
  EXPECT_EQ(refresh_calls(), 1);
  EXPECT_EQ(nlohmann::json::parse(freshauth({"token", "--json"}).out)["access_token"],
            details["access_token"])
      << "fresh again: the next call does not refresh";
  EXPECT_EQ(refresh_calls(), 1);
  EXPECT_EQ(nlohmann::json::parse(freshauth({"status", "--json"}).out)["generation"], 2);
}

TEST_F(CliEndToEndTest, ConcurrentTokenProcessesMakeOneRefresh) {
  login_alice();
  stored_refresh_token();
  age_session(3600s - 60s);
  constexpr int kProcesses = 8;
  std::vector<ChildProcess> running;
  for (int i = 0; i < kProcesses; ++i) running.push_back(start_freshauth({"token"}));
  std::set<std::string> tokens;
  for (auto& process : running) {
    const auto result = process.wait();
    remember_output(result);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    tokens.insert(trimmed(result.out));
  }
  EXPECT_EQ(refresh_calls(), 1) << "the session file's lock makes one refresh for all processes";
  EXPECT_EQ(tokens.size(), 1u) << "every process printed the one refreshed token";
}

TEST_F(CliEndToEndTest, ProfilesComeFromTheConfigFileAndTheEnvironment) {
  std::filesystem::create_directories(home_ / ".config/freshauth");
  write_file(home_ / ".config/freshauth/config.toml",
             "[profiles.work]\nendpoint = \"" + endpoint() + "\"\nusername = \"alice\"\n" +
                 "partner_id = \"from-config\"\n");
  const auto login =
      freshauth({"login", "--profile", "work", "--password-stdin"},
                std::string{kAlicePassword} + "\n", {"FRESHAUTH_PARTNER_ID=from-env"});
  ASSERT_EQ(login.exit_code, 0) << login.err;
  stored_refresh_token("work");
  EXPECT_TRUE(std::filesystem::exists(state_dir("work") / "session.json"));
  EXPECT_FALSE(std::filesystem::exists(state_dir("default")));

  const auto by_variable = freshauth({"curl", "/api/user"}, {}, {"FRESHAUTH_PROFILE=work"});
  ASSERT_EQ(by_variable.exit_code, 0) << by_variable.err;
  EXPECT_EQ(nlohmann::json::parse(by_variable.out)["partner_id"], "from-env")
      << "the variable overrides the config file";
  EXPECT_EQ(freshauth({"token"}).exit_code, 3) << "the default profile is not signed in";
  EXPECT_EQ(freshauth({"token", "--profile", "work"}, {}, {"FRESHAUTH_PROFILE=default"}).exit_code,
            0)
      << "--profile beats FRESHAUTH_PROFILE";

  // Later commands reach the server the session came from, whatever the config says now.
  write_file(home_ / ".config/freshauth/config.toml",
             "[profiles.work]\nendpoint = \"http://127.0.0.1:1\"\n");
  const auto moved = freshauth({"token", "--profile", "work"});
  EXPECT_EQ(moved.exit_code, 2);
  EXPECT_THAT(moved.err, HasSubstr("was created at " + endpoint()));
}

TEST_F(CliEndToEndTest, SigningInAgainNeedsOnlyThePasswordAndRevokesThePreviousSession) {
  login_alice();
  const std::string first = stored_refresh_token();
  const auto again = freshauth({"login", "--password-stdin"}, std::string{kAlicePassword} + "\n");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("as alice (partner " + std::string{kPartnerId}));
  const std::string second = stored_refresh_token();
  EXPECT_NE(first, second);
  EXPECT_FALSE(server_->admin().check_refresh_token(first, SystemClock{}.now()).ok())
      << "the old one is revoked";
  EXPECT_TRUE(server_->admin().check_refresh_token(second, SystemClock{}.now()).ok());
  EXPECT_EQ(nlohmann::json::parse(freshauth({"status", "--json"}).out)["generation"], 2)
      << "generations keep growing across sign-ins";
}

TEST_F(CliEndToEndTest, SodiumStoreKeepsTheRefreshTokenEncrypted) {
  const std::vector<std::string> sodium = {"FRESHAUTH_SECRET_STORE=sodium",
                                           "FRESHAUTH_SECRET_KEY=" + std::string(64, '7')};
  login_alice({}, sodium);
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "refresh_token.secret"));
  EXPECT_TRUE(std::filesystem::exists(state_dir() / "refresh_token.sealed"));
  age_session(3600s - 60s);
  const auto token = freshauth({"token", "--json"}, {}, sodium);
  ASSERT_EQ(token.exit_code, 0) << token.err;
  EXPECT_EQ(nlohmann::json::parse(token.out)["generation"], 2) << "refreshed with the sealed token";
  EXPECT_EQ(freshauth({"exec", "--", "sh", "-c", "test -z \"$FRESHAUTH_SECRET_KEY\""}, {}, sodium)
                .exit_code,
            0)
      << "the command gets an access token, not the key to the refresh token";
  const auto keyless = freshauth({"token"}, {}, {"FRESHAUTH_SECRET_STORE=sodium"});
  EXPECT_EQ(keyless.exit_code, 2);
  EXPECT_THAT(keyless.err, HasSubstr("FRESHAUTH_SECRET_KEY"));
}

}  // namespace
}  // namespace freshauth::testing
