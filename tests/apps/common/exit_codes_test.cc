#include "common/exit_codes.h"

#include <gtest/gtest.h>

#include "common/command_errors.h"

namespace freshauth::testing {
namespace {

using namespace cli;

TEST(ExitCodesTest, EachKindOfFailureHasItsCode) {
  EXPECT_EQ(exit_code_for({Errc::not_signed_in, "", {}}), kExitNotSignedIn);
  EXPECT_EQ(exit_code_for({Errc::session_expired, "", {}}), kExitNotSignedIn);
  EXPECT_EQ(exit_code_for({Errc::transient, "", {}}), kExitUnreachable);
  EXPECT_EQ(exit_code_for({Errc::invalid_credentials, "", {}}), kExitWrongCredentials);
  EXPECT_EQ(exit_code_for({Errc::storage, "", {}}), kExitFailed);
  EXPECT_EQ(exit_code_for({Errc::mfa_required, "", {}}), kExitFailed);
  EXPECT_EQ(exit_code_for({Errc::invalid_argument, "", {}}), kExitFailed);
}

TEST(ExitCodesTest, AnApiAnswerIsAnHttpErrorExceptA401WhichEndsTheSession) {
  EXPECT_EQ(exit_code_for({Errc::invalid_argument, "", {}, 404}), kExitHttpError);
  EXPECT_EQ(exit_code_for({Errc::transient, "", {}, 503}), kExitHttpError)
      << "a 5xx is the API's answer, not a network failure";
  EXPECT_EQ(exit_code_for({Errc::session_expired, "", {}, 401}), kExitNotSignedIn);
}

TEST(ExitCodesTest, TheCodesAreDistinct) {
  const int codes[] = {kExitOk,        kExitFailed,      kExitUsage,           kExitNotSignedIn,
                       kExitHttpError, kExitUnreachable, kExitWrongCredentials};
  for (std::size_t i = 0; i < std::size(codes); ++i) {
    for (std::size_t j = i + 1; j < std::size(codes); ++j) EXPECT_NE(codes[i], codes[j]);
  }
}

TEST(NextStepTest, SaysWhatToRun) {
  EXPECT_EQ(next_step({Errc::not_signed_in, "", {}}, "work"),
            "run `freshauth login --profile work`");
  EXPECT_EQ(next_step({Errc::session_expired, "", {}, 401}, "default"), "run `freshauth login`");
  EXPECT_NE(next_step({Errc::transient, "", {}}, "default").find("try again"), std::string::npos);
  EXPECT_NE(next_step({Errc::invalid_credentials, "", {}}, "default").find("password"),
            std::string::npos);
  EXPECT_EQ(next_step({Errc::invalid_argument, "", {}, 404}, "default"), "");
}

}  // namespace
}  // namespace freshauth::testing
