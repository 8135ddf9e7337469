// `freshauth demo` called in process: what it refuses before starting anything. The runs
// themselves are demo_load_test (in process) and demo_end_to_end_test (the binary).
#include "demo/demo_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/common/test_context.h"
#include "common/exit_codes.h"

namespace freshauth::testing {
namespace {

using ::testing::HasSubstr;
using namespace cli;

TEST(DemoCommandTest, AnOptionOutOfRangeIsAUsageErrorNamingItAndStartsNothing) {
  TestContext test;
  DemoCommandLine line;
  line.threads = 0;
  EXPECT_EQ(run(line, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("freshauth demo: --threads must be in 1..1024"));
  EXPECT_THAT(test.err.str(), HasSubstr("freshauth demo --help"));
  EXPECT_EQ(test.out.str(), "") << "no table, no JSON";
}

TEST(DemoCommandTest, ATokenLifetimeTooShortForWholeSecondClaimsIsRefused) {
  TestContext test;
  DemoCommandLine line;
  line.token_lifetime = 2;
  EXPECT_EQ(run(line, test.context), kExitUsage);
  EXPECT_THAT(test.err.str(), HasSubstr("--token-lifetime must be in 3.."));
}

}  // namespace
}  // namespace freshauth::testing
