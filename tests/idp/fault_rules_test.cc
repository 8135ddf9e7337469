// `freshauth idp --fault` rules fire on every route family, and a rule for a path no route serves
// stops the server at start.
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

class FaultRulesTest : public IdpFixture {
 protected:
  void restart_with(const std::vector<std::string>& rules) {
    std::vector<server::FaultRule> faults;
    for (const auto& text : rules) {
      auto rule = server::parse_fault_rule(text);
      ASSERT_TRUE(rule.ok()) << text;
      faults.push_back(*rule);
    }
    http_.reset();
    authenticator_.reset();
    server_.reset();
    start_server(std::move(faults));
  }

  static void expect_injected(const HttpResult& response, const char* family) {
    ASSERT_TRUE(response) << family;
    EXPECT_EQ(response->status, 503) << family;
    EXPECT_NE(response->body.find("InjectedFault"), std::string::npos) << family;
  }
};

TEST_F(FaultRulesTest, EveryRouteFamilyHonoursItsRule) {
  const TokenGrant grant = sign_in_alice();
  restart_with({"/auth/refresh_token error=503@1", "/oauth2/token error=503@1",
                "/oauth2/introspect error=503@1", "/ error=503@1", "/api/user error=503@1",
                "/.well-known/jwks.json error=503@1"});
  expect_injected(post_json("/auth/refresh_token", {{"token", *grant.refresh_token}}), "partner");
  expect_injected(http_->post("/oauth2/token", "grant_type=refresh_token&client_id=" + client_id_,
                              "application/x-www-form-urlencoded"),
                  "oauth2");
  expect_injected(http_->post("/oauth2/introspect", "token=x&client_id=" + client_id_,
                              "application/x-www-form-urlencoded"),
                  "introspection");
  expect_injected(http_->post("/", "{}", "application/x-amz-json-1.1",
                              {{"X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth"}}),
                  "JSON API");
  expect_injected(http_->get("/api/user", {{"Authorization", "Bearer " + grant.access_token},
                                           {"X-Preferred-Partner-Id", "p"}}),
                  "/api/user");
  expect_injected(http_->get("/.well-known/jwks.json"), "well-known");

  auto untouched = http_->get("/.well-known/openid-configuration");
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->status, 200) << "paths without a rule answer normally";
  auto partner = post_json("/auth", {{"username", "alice"}, {"password", kAlicePassword}});
  ASSERT_TRUE(partner);
  EXPECT_EQ(partner->status, 200);
}

TEST_F(FaultRulesTest, ARuleForAPathNoRouteServesStopsTheServerAtStart) {
  idp::IdpServerOptions options;
  options.db_path = dir_ / "idp.db";
  options.clock = clock_;
  options.password_cost = idp::PasswordCost::minimal;
  options.faults = {*server::parse_fault_rule("/oauth2/tokens error=503@1")};
  std::vector<std::string> log;
  options.log = [&log](std::string_view line) { log.emplace_back(line); };
  auto started = idp::IdpServer::start(std::move(options));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::invalid_argument);
  EXPECT_NE(started.error().message.find("/oauth2/tokens"), std::string::npos);
  EXPECT_NE(started.error().message.find("/oauth2/token,"), std::string::npos)
      << "names the paths it serves: " << started.error().message;
  for (const auto& line : log) {
    EXPECT_EQ(line.find("FAULT INJECTION ENABLED"), std::string::npos) << "not announced";
  }
}

}  // namespace
}  // namespace freshauth::testing
