// The session commands with --provider cognito against the embedded idp's Cognito JSON API
// (password + TOTP through RespondToAuthChallenge), and what login asks of each provider.
#include <nlohmann/json.hpp>

#include "apps/session/cli_fixture.h"
#include "support/vault_helper.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;

class CliProvidersTest : public CliFixture {
 protected:
  std::vector<std::string> cognito_login(const std::string& user) const {
    return {"login",       "--provider", "cognito",    "--endpoint", endpoint(),
            "--client-id", client_id_,   "--username", user,         "--password-stdin"};
  }
};

TEST_F(CliProvidersTest, CognitoWithMfaThenTokenCurlStatusLogout) {
  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(SystemClock{}.now().time_since_epoch())
          .count();
  const auto login =
      freshauth(cognito_login("bob"), std::string{kBobPassword} + "\n" + bob_totp(now) + "\n");
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_NE(login.out.find("provider cognito"), std::string::npos) << login.out;
  EXPECT_EQ(login.out.find("partner "), std::string::npos) << "no partner id was given";
  stored_refresh_token();

  const auto token = freshauth({"token", "--json"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  EXPECT_EQ(json::parse(token.out)["partner_id"], "");
  // /api/user is the partner API's (it wants X-Preferred-Partner-Id); Cognito's is userInfo.
  const auto user = freshauth({"curl", "/oauth2/userInfo"});
  ASSERT_EQ(user.exit_code, 0) << user.err;
  EXPECT_NE(user.out.find("bob"), std::string::npos) << user.out;

  age_session(std::chrono::hours{1});
  const auto refreshed = freshauth({"token", "--json"});
  ASSERT_EQ(refreshed.exit_code, 0) << refreshed.err;
  EXPECT_EQ(json::parse(refreshed.out)["generation"], 2);

  const auto status = freshauth({"status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto described = json::parse(status.out);
  EXPECT_EQ(described["provider"], "cognito");
  EXPECT_EQ(described["endpoint"], endpoint());
  EXPECT_FALSE(described["issuer"].get<std::string>().empty());

  const auto logout = freshauth({"logout"});
  ASSERT_EQ(logout.exit_code, 0) << logout.err;
  EXPECT_EQ(freshauth({"token"}).exit_code, 3);
}

TEST_F(CliProvidersTest, LogoutEverywhereEndsTheUsersOtherSessionsToo) {
  ASSERT_EQ(freshauth(cognito_login("alice"), std::string{kAlicePassword} + "\n").exit_code, 0);
  auto other = cognito_login("alice");
  other.insert(other.begin() + 1, {"--profile", "laptop"});
  ASSERT_EQ(freshauth(other, std::string{kAlicePassword} + "\n").exit_code, 0);
  stored_refresh_token("laptop");

  const auto everywhere = freshauth({"logout", "--everywhere"});
  ASSERT_EQ(everywhere.exit_code, 0) << everywhere.err;
  EXPECT_NE(everywhere.out.find("everywhere"), std::string::npos) << everywhere.out;
  EXPECT_EQ(freshauth({"token"}).exit_code, 3);
  age_session(std::chrono::hours{1}, "laptop");
  const auto laptop = freshauth({"token", "--profile", "laptop"});
  EXPECT_EQ(laptop.exit_code, 3) << "the other device's refresh token is revoked too";
}

TEST_F(CliProvidersTest, LogoutEverywhereIsCognitosAlone) {
  login_alice();
  const auto everywhere = freshauth({"logout", "--everywhere"});
  EXPECT_EQ(everywhere.exit_code, 2);
  EXPECT_NE(everywhere.err.find("GlobalSignOut"), std::string::npos) << everywhere.err;
  EXPECT_EQ(freshauth({"token"}).exit_code, 0) << "nothing was signed out";
}

TEST_F(CliProvidersTest, OnlyThePartnerApiRequiresAPartnerId) {
  const auto partner =
      freshauth({"login", "--endpoint", endpoint(), "--username", "alice", "--password-stdin"},
                std::string{kAlicePassword} + "\n");
  EXPECT_EQ(partner.exit_code, 2);
  EXPECT_NE(partner.err.find("no partner_id"), std::string::npos) << partner.err;

  const auto cognito = freshauth(cognito_login("alice"), std::string{kAlicePassword} + "\n");
  EXPECT_EQ(cognito.exit_code, 0) << cognito.err;
}

TEST_F(CliProvidersTest, ProviderSettingsAreCheckedBeforeAnythingIsSent) {
  const auto no_client = freshauth({"login", "--provider", "cognito", "--endpoint", endpoint(),
                                    "--username", "alice", "--password-stdin"},
                                   std::string{kAlicePassword} + "\n");
  EXPECT_EQ(no_client.exit_code, 2);
  EXPECT_NE(no_client.err.find("--client-id"), std::string::npos) << no_client.err;

  const auto unknown = freshauth({"login", "--provider", "saml"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("partner, cognito or oauth2"), std::string::npos) << unknown.err;

  const auto flags = freshauth({"login", "--device"}, "");
  EXPECT_EQ(flags.exit_code, 2);

  const auto secret_flag = freshauth({"login", "--client-secret", "x"});
  EXPECT_EQ(secret_flag.exit_code, 2) << "a secret on the command line is refused";
}

TEST_F(CliProvidersTest, LaterCommandsUseTheSecretStoreTheLoginChose) {
  const auto helper = dir_ / "helper.sh";
  write_file(helper, kVaultHelper, 0700);
  login_alice({"--secret-store", "command", "--secret-command", helper.string()});
  EXPECT_TRUE(std::filesystem::exists(dir_ / "vault/refresh_token"));
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "refresh_token.secret"));

  const auto token = freshauth({"token"});  // no flags: the login record knows the store
  EXPECT_EQ(token.exit_code, 0) << token.err;
  age_session(std::chrono::hours{1});
  EXPECT_EQ(freshauth({"token"}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(state_dir() / "refresh_token.secret"))
      << "the refresh token must never move to the plain file store";
  EXPECT_EQ(refresh_calls(), 1);
}

}  // namespace
}  // namespace freshauth::testing
