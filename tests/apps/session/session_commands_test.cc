// The session commands called in process: run(options, context) with string streams and a fixed
// environment whose state folder is a private temporary one (no subprocess, no server).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "apps/common/test_context.h"
#include "common/exit_codes.h"
#include "session/exec_command.h"
#include "session/login_command.h"
#include "session/status_command.h"
#include "session/token_command.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

using ::testing::HasSubstr;
using namespace cli;

class SessionCommandsTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> environment(
      std::map<std::string, std::string> extra = {}) const {
    std::map<std::string, std::string> variables = {
        {"HOME", dir_.path().string()},
        {"FRESHAUTH_STATE_DIR", (dir_ / "state").string()},
        {"FRESHAUTH_CONFIG", (dir_ / "config.toml").string()}};
    variables.merge(extra);
    return variables;
  }

  TempDir dir_;
};

TEST_F(SessionCommandsTest, StatusWithoutASessionIs3AndSaysToLogIn) {
  TestContext test{environment()};
  EXPECT_EQ(run(StatusOptions{}, test.context), kExitNotSignedIn) << test.err.str();
  EXPECT_THAT(test.out.str(), HasSubstr("Signed in:      no; run `freshauth login`"));
  EXPECT_THAT(test.out.str(), HasSubstr("Profile:        default"));
}

TEST_F(SessionCommandsTest, StatusJsonIsData) {
  TestContext test{environment({{"FRESHAUTH_PROFILE", "work"}})};
  StatusOptions options;
  options.json = true;
  EXPECT_EQ(run(options, test.context), kExitNotSignedIn);
  const auto status = nlohmann::json::parse(test.out.str());
  EXPECT_EQ(status["signed_in"], false);
  EXPECT_EQ(status["profile"], "work") << "the profile comes from the context's environment";
  EXPECT_EQ(status["config_file_found"], false);
}

TEST_F(SessionCommandsTest, TokenWithoutASessionNamesTheLoginToRun) {
  TestContext test{environment()};
  TokenOptions options;
  options.profile.name = "work";
  EXPECT_EQ(run(options, test.context), kExitNotSignedIn);
  EXPECT_THAT(test.err.str(),
              HasSubstr("not signed in (profile work): run `freshauth login --profile work`"));
  EXPECT_EQ(test.out.str(), "");
}

TEST_F(SessionCommandsTest, ABadSettingIsAUsageError) {
  TestContext test{environment({{"FRESHAUTH_PROVIDER", "carrier-pigeon"}})};
  LoginOptions options;
  options.password_stdin = true;
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("freshauth login: "));
  EXPECT_THAT(test.err.str(), HasSubstr("carrier-pigeon"));
}

TEST_F(SessionCommandsTest, LoginSaysWhichSettingIsMissingAndWhereToPutIt) {
  TestContext test{environment(), "a password\n"};
  LoginOptions options;
  options.password_stdin = true;
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("no endpoint for profile default"));
  EXPECT_THAT(test.err.str(), HasSubstr("FRESHAUTH_ENDPOINT"));
}

TEST_F(SessionCommandsTest, ExecRefusesAnEnvNameThatIsNoVariable) {
  TestContext test{environment()};
  ExecOptions options;
  options.env_name = "1-token";
  options.command = {"true"};
  EXPECT_EQ(run(options, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("--env-name `1-token` is not a variable name"));
}

}  // namespace
}  // namespace freshauth::testing
