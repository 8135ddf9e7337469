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

TEST_F(CognitoJsonApiTest, GetUserAnswersForALiveAccessToken) {
  const auto result = password_auth("alice", kAlicePassword)["AuthenticationResult"];
  const std::string access_token = result["AccessToken"];
  auto answered = call("GetUser", {{"AccessToken", access_token}});
  ASSERT_TRUE(answered);
  ASSERT_EQ(answered->status, 200) << answered->body;
  const auto user = nlohmann::json::parse(answered->body);
  EXPECT_EQ(user["Username"], "alice");
  ASSERT_EQ(user["UserAttributes"].size(), 1U);
  EXPECT_EQ(user["UserAttributes"][0]["Name"], "sub");
  EXPECT_EQ(user["UserAttributes"][0]["Value"].get<std::string>().size(), 36U);  // a UUID
  EXPECT_FALSE(user.contains("UserMFASettingList"));
  EXPECT_EQ(answered->body.find(access_token), std::string::npos);
}

TEST_F(CognitoJsonApiTest, GetUserListsTotp) {
  const auto challenge = password_auth("bob", kBobPassword);
  const auto code = idp::totp_code(bob_secret_, clock_->now());
  auto answered =
      call("RespondToAuthChallenge",
           {{"ChallengeName", "SOFTWARE_TOKEN_MFA"},
            {"ClientId", client_id_},
            {"Session", challenge["Session"]},
            {"ChallengeResponses", {{"USERNAME", "bob"}, {"SOFTWARE_TOKEN_MFA_CODE", *code}}}});
  ASSERT_TRUE(answered);
  const std::string access_token =
      nlohmann::json::parse(answered->body)["AuthenticationResult"]["AccessToken"];
  auto user = call("GetUser", {{"AccessToken", access_token}});
  ASSERT_TRUE(user);
  ASSERT_EQ(user->status, 200) << user->body;
  const auto body = nlohmann::json::parse(user->body);
  EXPECT_EQ(body["Username"], "bob");
  EXPECT_EQ(body["UserMFASettingList"], nlohmann::json::array({"SOFTWARE_TOKEN_MFA"}));
  EXPECT_EQ(body["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
}

TEST_F(CognitoJsonApiTest, GetUserRefusesRevokedExpiredAndForgedTokens) {
  const auto result = password_auth("alice", kAlicePassword)["AuthenticationResult"];
  const std::string access_token = result["AccessToken"];
  std::string forged = access_token;
  forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
  expect_error(call("GetUser", {{"AccessToken", forged}}), 400, "NotAuthorizedException");
  expect_error(call("GetUser", {{"AccessToken", "not a token"}}), 400, "NotAuthorizedException");
  expect_error(call("GetUser", nlohmann::json::object()), 400, "InvalidParameterException");

  // Revoking the refresh token ends the access tokens minted from it, as in Cognito.
  ASSERT_TRUE(call("RevokeToken", {{"Token", result["RefreshToken"]}, {"ClientId", client_id_}}));
  expect_error(call("GetUser", {{"AccessToken", access_token}}), 400, "NotAuthorizedException");

  const auto again = password_auth("alice", kAlicePassword)["AuthenticationResult"];
  auto live = call("GetUser", {{"AccessToken", again["AccessToken"]}});
  ASSERT_TRUE(live);
  EXPECT_EQ(live->status, 200);
  clock_->advance(std::chrono::seconds{3601});
  expect_error(call("GetUser", {{"AccessToken", again["AccessToken"]}}), 400,
               "NotAuthorizedException");
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
