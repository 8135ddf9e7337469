// Runs every program in examples/, as built against the INSTALLED package (find_package and
// pkg-config consumers, built by the package.* setup tests), against a real embedded idp: each
// signs in over the partner API, calls GET /api/user with the session's headers, and must exit 0
// with alice's answer.
#include <gtest/gtest.h>

#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kPartner = "partner-7";

class ExamplesTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    // The examples run on the real clock, so the idp does too: its tokens must look fresh to them.
    const auto clock = std::make_shared<SystemClock>();
    auto storage = idp::IdpAdmin::open(dir_ / "idp.db", clock->now(), idp::PasswordCost::minimal);
    ASSERT_TRUE(storage.ok()) << storage.error().describe();
    ASSERT_TRUE(storage->add_client({"partner", false, {}, {}}, false, clock->now()).ok());
    ASSERT_TRUE(storage->add_user({"alice", kPassword, false}, clock->now()).ok());
    idp::IdpServerOptions options;
    options.db_path = dir_ / "idp.db";
    options.clock = clock;
    options.password_cost = idp::PasswordCost::minimal;
    options.http.threads = 2;
    auto started = idp::IdpServer::start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.error().describe();
    server_ = std::move(*started);
  }

  ProcessResult run_example(const std::string& password) {
    ChildProcess example{
        {GetParam()},
        {"FRESHAUTH_BASE_URL=" + server_->base_url(), "FRESHAUTH_USERNAME=alice",
         "FRESHAUTH_PASSWORD=" + password, std::string{"FRESHAUTH_PARTNER_ID="} + kPartner}};
    return example.wait();
  }

  TempDir dir_;
  std::unique_ptr<idp::IdpServer> server_;
};

TEST_P(ExamplesTest, CallsApiUserWithTheSessionAndExitsZero) {
  const ProcessResult result = run_example(kPassword);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"username\":"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("alice"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(kPartner), std::string::npos) << "X-Preferred-Partner-Id was sent";
}

TEST_P(ExamplesTest, AFailedSignInExitsNonZeroWithoutThePassword) {
  const ProcessResult result = run_example("a wrong password");
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(result.out.find("a wrong password"), std::string::npos);
  EXPECT_EQ(result.err.find("a wrong password"), std::string::npos);
}

std::string example_name(const ::testing::TestParamInfo<const char*>& example) {
  const std::string path = example.param;
  const bool pkg_config = path.find("pkg-config") != std::string::npos;
  return path.substr(path.rfind("example_") + 8) + (pkg_config ? "_from_pkg_config" : "");
}

INSTANTIATE_TEST_SUITE_P(EveryExample, ExamplesTest,
                         ::testing::Values(CMAKE_CONSUMER "/example_client",
                                           CMAKE_CONSUMER "/example_libcurl",
                                           CMAKE_CONSUMER "/example_httplib",
                                           CMAKE_CONSUMER "/example_beast",
                                           PKG_CONFIG_CONSUMER "/example_client"),
                         example_name);

}  // namespace
}  // namespace freshauth::testing
