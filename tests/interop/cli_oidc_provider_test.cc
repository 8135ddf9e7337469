// `freshauth login --provider oauth2` against oidc-provider (npm) with refresh-token rotation on:
// the browser flow (the robot plays the user at the URL the CLI prints) and the device flow, then
// `token` and `curl` (its userinfo endpoint) across three expiries of 4 s tokens with zero
// failures and no refresh token ever presented twice, `status`, `logout`, and a clear message once
// the session has ended. The real binary, a real server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "interop/cli_runner.h"
#include "interop/oidc_provider_fixture.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr seconds kTokenLifetime{4};

// The first http(s) URL in `text`.
std::string first_url(std::string_view text) {
  static const std::regex url{R"(https?://[^\s]+)"};
  std::match_results<std::string_view::const_iterator> found;
  if (!std::regex_search(text.begin(), text.end(), found, url)) return {};
  return found.str();
}

class CliOidcProviderTest : public OidcProviderTest {
 protected:
  OidcProviderPeerOptions peer_options() const override {
    return {.rotate_refresh_tokens = true, .access_token_ttl = kTokenLifetime};
  }
  void TearDown() override {
    if (peer_) cli_.check_no_secret_in_output({peer_->user_password(), refresh_token_});
  }

  std::vector<std::string> login_args(const std::string& flow) const {
    const OAuth2Client client = peer_->client(ClientAuthMethod::none);
    return {"login",       "--provider",     "oauth2", "--issuer",  peer_->issuer(),
            "--client-id", client.client_id, flow,     "--no-open", "--timeout",
            "60"};
  }

  // Runs login; `user` plays the user once the CLI has shown what it shows.
  void login(const std::string& flow, const std::string& shown_after,
             const std::function<void(const std::string& shown)>& user) {
    ChildProcess login = cli_.start(login_args(flow));
    ASSERT_TRUE(login.wait_for_stderr(shown_after, milliseconds{20'000})) << login.stderr_so_far();
    user(std::string{login.stderr_so_far()});
    const ProcessResult result = login.wait();
    cli_.remember(result);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("provider oauth2"), std::string::npos) << result.out;
    refresh_token_ = cli_.stored_refresh_token();
    ASSERT_FALSE(refresh_token_.empty());
  }
  void login_in_browser() {
    login("--browser", "Waiting", [this](const std::string& shown) {
      RobotBrowser robot(peer_->user_login(), peer_->user_password());
      const RobotVisit visit = robot.open(first_url(shown));
      EXPECT_TRUE(visit.finished) << visit.error;
    });
  }

  FreshauthCli cli_;
  std::string refresh_token_;
};

TEST_F(CliOidcProviderTest, TokenAndCurlStayFreshAcrossThreeExpiriesWithRotation) {
  ASSERT_NO_FATAL_FAILURE(login_in_browser());
  ASSERT_TRUE(endpoints_.userinfo_endpoint);
  const SystemClock clock;
  const TimePoint signed_in = clock.now();
  const TimePoint deadline = signed_in + 10 * kTokenLifetime;
  std::set<std::uint64_t> generations;
  std::set<std::string> refresh_tokens{refresh_token_};
  int calls = 0;
  while (clock.now() < signed_in + 3 * kTokenLifetime + seconds{1}) {
    ASSERT_LT(clock.now(), deadline) << "the loop overran its deadline";
    const auto token = cli_.run({"token", "--json"});
    ASSERT_EQ(token.exit_code, 0) << "call " << calls << ": " << token.err;
    generations.insert(json::parse(token.out)["generation"].get<std::uint64_t>());
    const auto userinfo = cli_.run({"curl", *endpoints_.userinfo_endpoint});
    ASSERT_EQ(userinfo.exit_code, 0) << "call " << calls << ": " << userinfo.err;
    EXPECT_NE(userinfo.out.find("\"sub\""), std::string::npos) << userinfo.out;
    refresh_tokens.insert(cli_.stored_refresh_token());
    ++calls;
  }
  EXPECT_GE(generations.size(), 4U) << "three expiries need three refreshes after the sign-in";
  EXPECT_EQ(refresh_tokens.size(), generations.size()) << "every refresh rotated the token";
  const OidcProviderStats seen = stats();
  EXPECT_EQ(seen.refresh_errors, 0);
  EXPECT_EQ(seen.refresh_token_reuse, 0);
  EXPECT_EQ(seen.refresh_grants + 1, static_cast<int>(generations.size()));

  const auto status = cli_.run({"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto described = json::parse(status.out);
  EXPECT_EQ(described["provider"], "oauth2");
  EXPECT_EQ(described["endpoint"], peer_->issuer());
}

TEST_F(CliOidcProviderTest, DeviceLoginThenLogoutRevokesAtTheServer) {
  ASSERT_NO_FATAL_FAILURE(
      login("--device", "Waiting for approval", [this](const std::string& shown) {
        static const std::regex code{R"(enter the code (\S+))"};
        std::smatch found;
        ASSERT_TRUE(std::regex_search(shown, found, code)) << shown;
        RobotBrowser robot(peer_->user_login(), peer_->user_password());
        robot.type_user_code(found[1].str());
        const RobotVisit visit = robot.open(first_url(shown));
        EXPECT_TRUE(visit.finished) << visit.error;
      }));
  ASSERT_EQ(cli_.run({"token"}).exit_code, 0);

  const auto logout = cli_.run({"logout"});
  ASSERT_EQ(logout.exit_code, 0) << logout.err;
  EXPECT_NE(logout.out.find("revoked"), std::string::npos) << logout.out;
  EXPECT_EQ(stats().revocations, 1);
  const auto token = cli_.run({"token"});
  EXPECT_EQ(token.exit_code, 3);
  EXPECT_NE(token.err.find("freshauth login"), std::string::npos) << token.err;
}

TEST_F(CliOidcProviderTest, TheWrongProviderGetsAHintNamingTheRightOne) {
  const std::string expected = "try --provider oauth2 --issuer " + peer_->issuer();
  const auto partner = cli_.run({"login", "--endpoint", peer_->issuer(), "--username", "alice",
                                 "--partner-id", "p-1", "--password-stdin"},
                                "not-the-password\n");
  EXPECT_NE(partner.exit_code, 0);
  EXPECT_NE(partner.err.find(expected), std::string::npos) << partner.err;

  const auto cognito = cli_.run({"login", "--provider", "cognito", "--endpoint", peer_->issuer(),
                                 "--client-id", "app", "--username", "alice", "--password-stdin"},
                                "not-the-password\n");
  EXPECT_NE(cognito.exit_code, 0);
  EXPECT_NE(cognito.err.find(expected), std::string::npos) << cognito.err;
}

TEST_F(CliOidcProviderTest, ARevokedSessionEndsWithAClearMessage) {
  ASSERT_NO_FATAL_FAILURE(login_in_browser());
  ASSERT_TRUE(make_authenticator()->revoke(refresh_token_).ok());

  const SystemClock clock;
  const TimePoint deadline = clock.now() + 5 * kTokenLifetime;
  ProcessResult token;
  do {
    ASSERT_LT(clock.now(), deadline) << "the revoked session never ended";
    token = cli_.run({"token"});
  } while (token.exit_code == 0);
  EXPECT_EQ(token.exit_code, 3) << token.err;
  EXPECT_NE(token.err.find("sign in again"), std::string::npos) << token.err;
  const auto status = cli_.run({"status"});
  EXPECT_EQ(status.exit_code, 3);
}

}  // namespace
}  // namespace freshauth::testing
