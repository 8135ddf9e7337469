#include "common/command_context.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/exit_codes.h"

namespace freshauth::testing {
namespace {

using namespace cli;

TEST(CommandContextTest, AFixedEnvironmentHoldsOnlyWhatItWasGiven) {
  const Environment env = fixed_environment({{"HOME", "/home/alice"}, {"EMPTY", ""}});
  EXPECT_EQ(env("HOME"), "/home/alice");
  EXPECT_EQ(env("EMPTY"), std::nullopt) << "an empty value counts as unset, as getenv's users do";
  EXPECT_EQ(env("PATH"), std::nullopt) << "nothing leaks in from the process";
}

TEST(ExitCodeTableTest, EveryCodeOnceWithItsMeaning) {
  std::set<int> seen;
  for (const auto& entry : kExitCodes) {
    EXPECT_TRUE(seen.insert(entry.code).second) << entry.code << " twice";
    EXPECT_FALSE(entry.meaning.empty()) << entry.code;
  }
  EXPECT_EQ(describe_exit_code(kExitNotSignedIn).next, "run `freshauth login`");
  EXPECT_EQ(describe_exit_code(128 + 9).code, kExitKilledBySignal);
}

TEST(ExitCodeTableTest, HelpListsTheCodesACommandUsesWithItsOwnWords) {
  const std::string help =
      exit_codes_help({{kExitOk, "valid"}, {kExitFailed, "refused"}, {kExitUsage}});
  EXPECT_EQ(help.rfind("\nExit codes: 0 valid; 1 refused; 2 usage", 0), 0u) << help;
  EXPECT_NE(help.find("2 usage: bad flag, argument, setting or config file: fix the command line"),
            std::string::npos)
      << help;
  const std::string session = session_exit_codes_help();
  for (int code : {0, 1, 2, 3, 4, 5, 6}) {
    EXPECT_NE(session.find(" " + std::to_string(code) + " "), std::string::npos) << code;
  }
  EXPECT_EQ(session.find("127"), std::string::npos) << "exec's codes are exec's";
}

// docs/cli.md's table of exit codes: `| code | meaning | what to do |`, one row per code.
TEST(ExitCodeTableTest, DocsCliListsEveryCodeOfTheTable) {
  std::ifstream file{std::string{FRESHAUTH_SOURCE_DIR} + "/docs/cli.md"};
  ASSERT_TRUE(file) << "docs/cli.md";
  std::stringstream text;
  text << file.rdbuf();
  const std::string docs = text.str();
  const auto table = docs.find("## Exit codes");
  ASSERT_NE(table, std::string::npos);
  std::set<int> documented;
  static const std::regex row{R"(\n\| (\d+)(?: \+ N)? \|)"};
  for (std::sregex_iterator it{docs.begin() + static_cast<long>(table), docs.end(), row}, end;
       it != end; ++it) {
    documented.insert(std::stoi((*it)[1]));
  }
  for (const auto& entry : kExitCodes) {
    EXPECT_TRUE(documented.contains(entry.code)) << "docs/cli.md has no row for " << entry.code;
  }
  EXPECT_EQ(documented.size(), kExitCodes.size()) << "docs/cli.md lists a code the table lacks";
}

}  // namespace
}  // namespace freshauth::testing
