#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

class BadInputTest : public IdpFixture {
 protected:
  void expect_json_error(const HttpResult& response, int status) {
    ASSERT_TRUE(response) << "no answer";
    EXPECT_EQ(response->status, status) << response->body;
    const auto body = nlohmann::json::parse(response->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response->body;
    EXPECT_TRUE(body.contains("error") && body.contains("message"));
  }
};

TEST_F(BadInputTest, MalformedJson) {
  for (const std::string path : {"/auth", "/auth/refresh_token", "/auth/logout"}) {
    expect_json_error(http_->post(path, "{\"username\":", "application/json"), 400);
    expect_json_error(http_->post(path, "\"just a string\"", "application/json"), 400);
    expect_json_error(http_->post(path, std::string("\xff\xfe", 2), "application/json"), 400);
  }
}

TEST_F(BadInputTest, WrongContentType) {
  expect_json_error(http_->post("/auth", R"({"username":"alice","password":"x"})", "text/plain"),
                    415);
  expect_json_error(
      http_->post("/auth/refresh_token", "token=abc", "application/x-www-form-urlencoded"), 415);
}

TEST_F(BadInputTest, MissingOrMistypedFields) {
  expect_json_error(post_json("/auth", {{"username", "alice"}}), 400);
  expect_json_error(post_json("/auth", {{"username", 7}, {"password", "x"}}), 400);
  expect_json_error(post_json("/auth/refresh_token", {{"device_key", nullptr}}), 400);
  expect_json_error(post_json("/auth/refresh_token", {{"token", "t"}, {"device_key", 5}}), 400);
  expect_json_error(post_json("/auth/logout", nlohmann::json::object()), 400);
  expect_json_error(
      http_->put("/auth/challenge/mfa-token", R"({"username":"bob"})", "application/json"), 400);
}

TEST_F(BadInputTest, OversizeBody) {
  const std::string huge =
      R"({"username":")" + std::string(70 * 1024, 'a') + R"(","password":"x"})";
  expect_json_error(http_->post("/auth", huge, "application/json"), 413);
  // The server is still there.
  EXPECT_EQ(http_->get("/healthz")->status, 200);
}

TEST_F(BadInputTest, UnknownPathsAndMethods) {
  expect_json_error(http_->get("/auth/nothing"), 404);
  expect_json_error(http_->get("/auth"), 405);
  expect_json_error(http_->send("DELETE", "/.well-known/jwks.json"), 405);
}

TEST_F(BadInputTest, InjectedFaultsAreAbsorbedAsTransient) {
  server_.reset();
  start_server({*server::parse_fault_rule("/auth/refresh_token error=503@1")});
  const TokenGrant grant = sign_in_alice();
  auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}});
  ASSERT_FALSE(refreshed.ok());
  EXPECT_EQ(refreshed.error().code, Errc::transient);
}

TEST_F(BadInputTest, MalformedBodyFaultIsTransientForTheClient) {
  server_.reset();
  start_server({*server::parse_fault_rule("/auth/refresh_token malformed=1")});
  const TokenGrant grant = sign_in_alice();
  auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}});
  ASSERT_FALSE(refreshed.ok());
  EXPECT_EQ(refreshed.error().code, Errc::transient);
}

TEST_F(BadInputTest, GarbageFormsAndQueriesAreOAuth2Errors) {
  const auto expect_oauth2_error = [](const HttpResult& response, int status) {
    ASSERT_TRUE(response) << "no answer";
    EXPECT_EQ(response->status, status) << response->body;
    const auto body = nlohmann::json::parse(response->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response->body;
    EXPECT_TRUE(body.contains("error") && body.contains("error_description"));
  };
  const std::string form = "application/x-www-form-urlencoded";
  for (const std::string path : {"/oauth2/token", "/oauth2/revoke", "/oauth2/authorize"}) {
    for (const std::string body :
         {std::string{"%"}, std::string{"grant_type=%G0"}, std::string{"grant_type=%2"},
          std::string{"a=1&a=2"}, std::string{"%%%%&&==="}, std::string("\0\xff%\x80=", 6),
          std::string(60 * 1024, '%')}) {
      expect_oauth2_error(http_->post(path, body, form), 400);
    }
    expect_oauth2_error(http_->post(path, "token=abc", "application/json"), 400);
  }
  for (const std::string query :
       {"%", "client_id=%zz", "a=%4", "%%=%%", "client_id=a&client_id=b"}) {
    expect_oauth2_error(http_->get("/oauth2/authorize?" + query), 400);
  }
  EXPECT_EQ(http_->get("/healthz")->status, 200) << "the server is still there";
}

}  // namespace
}  // namespace freshauth::testing
