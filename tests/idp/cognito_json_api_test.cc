#include "freshauth/idp/totp.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

class CognitoJsonApiTest : public IdpFixture {
 protected:
  HttpResult call(const std::string& operation, const nlohmann::json& body) {
    return http_->post("/", body.dump(), "application/x-amz-json-1.1",
                       {{"X-Amz-Target", "AWSCognitoIdentityProviderService." + operation}});
  }
  nlohmann::json password_auth(const std::string& user, const std::string& password) {
    auto response =
        call("InitiateAuth", {{"AuthFlow", "USER_PASSWORD_AUTH"},
                              {"ClientId", client_id_},
                              {"AuthParameters", {{"USERNAME", user}, {"PASSWORD", password}}}});
    EXPECT_TRUE(response);
    return nlohmann::json::parse(response->body);
  }
  static void expect_error(const HttpResult& response, int status, const std::string& type) {
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, status);
    EXPECT_EQ(nlohmann::json::parse(response->body)["__type"], type) << response->body;
  }
};

TEST_F(CognitoJsonApiTest, PasswordThenRefreshThenRevoke) {
  const auto signed_in = password_auth("alice", kAlicePassword);
  const auto& result = signed_in["AuthenticationResult"];
  ASSERT_TRUE(result.contains("RefreshToken")) << signed_in.dump();
  EXPECT_EQ(result["ExpiresIn"], 3600);
  const std::string refresh_token = result["RefreshToken"];

  auto refreshed = call("InitiateAuth", {{"AuthFlow", "REFRESH_TOKEN_AUTH"},
                                         {"ClientId", client_id_},
                                         {"AuthParameters", {{"REFRESH_TOKEN", refresh_token}}}});
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(refreshed->status, 200);
  const auto body = nlohmann::json::parse(refreshed->body);
  EXPECT_TRUE(body["AuthenticationResult"].contains("AccessToken"));
  EXPECT_FALSE(body["AuthenticationResult"].contains("RefreshToken"));

  auto revoked = call("RevokeToken", {{"Token", refresh_token}, {"ClientId", client_id_}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200);
  expect_error(call("InitiateAuth", {{"AuthFlow", "REFRESH_TOKEN_AUTH"},
                                     {"ClientId", client_id_},
                                     {"AuthParameters", {{"REFRESH_TOKEN", refresh_token}}}}),
               400, "NotAuthorizedException");
}

TEST_F(CognitoJsonApiTest, MfaChallenge) {
  const auto challenge = password_auth("bob", kBobPassword);
  ASSERT_EQ(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
  const auto code = idp::totp_code(bob_secret_, clock_->now());
  auto answered =
      call("RespondToAuthChallenge",
           {{"ChallengeName", "SOFTWARE_TOKEN_MFA"},
            {"ClientId", client_id_},
            {"Session", challenge["Session"]},
            {"ChallengeResponses", {{"USERNAME", "bob"}, {"SOFTWARE_TOKEN_MFA_CODE", *code}}}});
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200) << answered->body;
  EXPECT_TRUE(
      nlohmann::json::parse(answered->body)["AuthenticationResult"].contains("RefreshToken"));
}

TEST_F(CognitoJsonApiTest, ErrorsHaveCognitosShape) {
  expect_error(
      call("InitiateAuth", {{"AuthFlow", "USER_PASSWORD_AUTH"},
                            {"ClientId", client_id_},
                            {"AuthParameters", {{"USERNAME", "alice"}, {"PASSWORD", "wrong!!"}}}}),
      400, "NotAuthorizedException");
  expect_error(
      call("InitiateAuth", {{"AuthFlow", "USER_PASSWORD_AUTH"},
                            {"ClientId", "nope"},
                            {"AuthParameters", {{"USERNAME", "alice"}, {"PASSWORD", "x"}}}}),
      400, "ResourceNotFoundException");
  expect_error(call("InitiateAuth", {{"AuthFlow", "CUSTOM_AUTH"}, {"ClientId", client_id_}}), 400,
               "InvalidParameterException");
  expect_error(call("DeleteUserPool", nlohmann::json::object()), 400, "UnknownOperationException");
  expect_error(http_->post("/", "{}", "application/x-amz-json-1.1"), 400,
               "UnknownOperationException");
  expect_error(http_->post("/", "{", "application/x-amz-json-1.1",
                           {{"X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth"}}),
               400, "SerializationException");
}

}  // namespace
}  // namespace freshauth::testing
