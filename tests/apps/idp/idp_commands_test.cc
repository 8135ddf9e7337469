// The idp commands called in process: run(options, context) over a database in a private folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "apps/common/test_context.h"
#include "common/exit_codes.h"
#include "idp/idp_admin_commands.h"
#include "idp/idp_serve_command.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

using ::testing::HasSubstr;
using namespace cli;

TEST(IdpDatabaseOptionsTest, TheDefaultDatabaseFollowsXdgThenHome) {
  EXPECT_EQ(default_idp_db_path(fixed_environment({{"XDG_DATA_HOME", "/data"}, {"HOME", "/h"}})),
            "/data/freshauth/idp.db");
  EXPECT_EQ(default_idp_db_path(fixed_environment({{"XDG_DATA_HOME", "rel"}, {"HOME", "/h"}})),
            "/h/.local/share/freshauth/idp.db")
      << "a relative XDG_DATA_HOME is ignored, as the XDG spec says";
  EXPECT_EQ(default_idp_db_path(fixed_environment({})), "freshauth-idp.db");
}

TEST(IdpServeCommandTest, ABadListenAddressIsAUsageErrorBeforeAnythingStarts) {
  TestContext test;
  IdpServeOptions options;
  options.database.db_path = "/nonexistent/never-created.db";
  options.listen = "8080";
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("--listen takes HOST:PORT"));
  EXPECT_THAT(test.err.str(), HasSubstr("freshauth idp serve --help"));
  EXPECT_EQ(test.out.str(), "");
}

TEST(IdpServeCommandTest, AUnixSocketIsRefusedSinceItsIssuerIsAnHttpUrl) {
  TestContext test;
  IdpServeOptions options;
  options.database.db_path = "/nonexistent/never-created.db";
  options.listen = "unix:/tmp/idp.sock";
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("--listen takes HOST:PORT"));
  EXPECT_EQ(test.out.str(), "");
}

TEST(IdpServeCommandTest, ALyingServerNeedsDev) {
  TestContext test;
  IdpServeOptions options;
  options.expires_in_overstatement_seconds = 600;
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("it needs --dev"));
}

TEST(IdpServeCommandTest, ABadFaultRuleIsAUsageError) {
  TestContext test;
  IdpServeOptions options;
  options.faults = {"/auth/refresh_token latency=soon"};
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("--fault"));
}

class IdpAdminCommandsTest : public ::testing::Test {
 protected:
  IdpDatabaseOptions database() const { return {(dir_ / "idp" / "idp.db").string(), false}; }
  TempDir dir_;
};

TEST_F(IdpAdminCommandsTest, InitAddAndListUsersAsData) {
  {
    TestContext test;
    IdpInitOptions init{database(), /*json=*/true};
    ASSERT_EQ(run(init, test.context), kExitOk) << test.err.str();
    const auto made = nlohmann::json::parse(test.out.str());
    EXPECT_EQ(made["database"], database().db_path);
    EXPECT_FALSE(made["partner_client_id"].get<std::string>().empty());
  }
  {
    TestContext test{{}, "a long password\n"};
    IdpUserAddOptions add{database(), "bob", "totp", /*password_stdin=*/true, /*json=*/true};
    ASSERT_EQ(run(add, test.context), kExitOk) << test.err.str();
    const auto added = nlohmann::json::parse(test.out.str());
    EXPECT_EQ(added["username"], "bob");
    EXPECT_THAT(added["otpauth_uri"].get<std::string>(), HasSubstr("otpauth://totp/"));
  }
  TestContext test;
  IdpUserListOptions list{database(), /*json=*/true};
  ASSERT_EQ(run(list, test.context), kExitOk) << test.err.str();
  const auto users = nlohmann::json::parse(test.out.str());
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0]["username"], "bob");
  EXPECT_EQ(users[0]["mfa"], "totp");
  EXPECT_EQ(test.out.str().find("a long password"), std::string::npos);
}

TEST_F(IdpAdminCommandsTest, NoPasswordIsAUsageError) {
  TestContext test{{}, ""};
  IdpUserAddOptions add{database(), "alice", "", /*password_stdin=*/true, false};
  EXPECT_EQ(run(add, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("--password-stdin"));
}

TEST_F(IdpAdminCommandsTest, FailuresSayWhatToDoNext) {
  TestContext remove_test;
  IdpUserRemoveOptions remove{database(), "nobody"};
  EXPECT_EQ(run(remove, remove_test.context), kExitFailed);
  EXPECT_THAT(remove_test.err.str(), HasSubstr("`freshauth idp user list`"));

  TestContext client_test;
  IdpClientAddOptions client;
  client.database = database();
  client.access_lifetime = 5;
  EXPECT_EQ(run(client, client_test.context), kExitFailed);
  EXPECT_THAT(client_test.err.str(), HasSubstr("freshauth idp --dev"));
}

}  // namespace
}  // namespace freshauth::testing
