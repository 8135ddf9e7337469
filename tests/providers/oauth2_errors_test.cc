// How OAuth2 failures map onto the engine's classes, through the authenticator's calls.
#include <gtest/gtest.h>

#include "providers/oauth2_test_support.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRefreshToken = "RT-secret-value";
constexpr const char* kClientSecret = "client-secret-value";

struct Answer {
  int status;
  std::string body;
  HttpHeaders headers = {};
};

Error refresh_error(const Answer& answer) {
  ScriptedOAuth2 oauth2({"cli", kClientSecret, ClientAuthMethod::client_secret_basic, {}});
  oauth2.transport->reply(answer.status, answer.body, answer.headers);
  auto grant = oauth2.authenticator.refresh({kRefreshToken, std::nullopt, std::nullopt});
  if (grant.ok()) return {Errc::storage, "unexpectedly succeeded", {}};
  const Error& error = grant.error();
  EXPECT_EQ(error.message.find(kRefreshToken), std::string::npos) << "no token in messages";
  EXPECT_EQ(error.message.find(kClientSecret), std::string::npos) << "no secret in messages";
  EXPECT_EQ(error.message.find("BODY-TEXT"), std::string::npos) << "no body in messages";
  EXPECT_NE(error.message.find("refresh (POST https://id.example.com/token)"), std::string::npos)
      << error.message;
  return error;
}

Error code_exchange_error(const Answer& answer) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->reply(answer.status, answer.body, answer.headers);
  auto grant = oauth2.authenticator.exchange_code("C", "V", "http://127.0.0.1:1/callback");
  if (grant.ok()) return {Errc::storage, "unexpectedly succeeded", {}};
  return grant.error();
}

bool mentions(const Error& error, const std::string& text) {
  return error.message.find(text) != std::string::npos;
}

TEST(OAuth2ErrorsTest, InvalidGrantEndsTheSession) {
  const auto error = refresh_error(
      {400, R"({"error":"invalid_grant","error_description":"BODY-TEXT RT-secret-value"})"});
  EXPECT_EQ(error.code, Errc::session_expired) << error.describe();
  EXPECT_TRUE(mentions(error, "HTTP 400 invalid_grant")) << error.message;
}

TEST(OAuth2ErrorsTest, Any400Or401OnRefreshEndsTheSession) {
  EXPECT_EQ(refresh_error({400, "BODY-TEXT"}).code, Errc::session_expired);
  EXPECT_EQ(refresh_error({401, ""}).code, Errc::session_expired);
  EXPECT_EQ(refresh_error({400, R"({"error":"invalid_request"})"}).code, Errc::session_expired);
}

TEST(OAuth2ErrorsTest, InvalidClientIsAConfigurationError) {
  const auto error = refresh_error({401, R"({"error":"invalid_client"})"});
  EXPECT_EQ(error.code, Errc::invalid_argument) << error.describe();
  EXPECT_TRUE(mentions(error, "client id")) << error.message;
  EXPECT_TRUE(mentions(error, "client_secret_basic")) << error.message;
}

TEST(OAuth2ErrorsTest, GrantNotAllowedForTheClient) {
  const auto error = refresh_error({400, R"({"error":"unauthorized_client"})"});
  EXPECT_EQ(error.code, Errc::invalid_argument);
  EXPECT_TRUE(mentions(error, "refresh_token grant")) << error.message;
  EXPECT_EQ(refresh_error({400, R"({"error":"unsupported_grant_type"})"}).code,
            Errc::invalid_argument);
}

TEST(OAuth2ErrorsTest, ThrottlingCarriesRetryAfter) {
  const auto error = refresh_error({429, "BODY-TEXT", {{"Retry-After", "7"}}});
  EXPECT_EQ(error.code, Errc::transient);
  EXPECT_EQ(error.retry_after, 7s);
  EXPECT_EQ(refresh_error({503, "", {{"Retry-After", "2"}}}).retry_after, 2s);
  EXPECT_EQ(refresh_error({429, ""}).retry_after, std::nullopt);
}

TEST(OAuth2ErrorsTest, ServerTroubleIsTransient) {
  for (const int status : {500, 502, 504, 408}) {
    const auto error = refresh_error({status, R"({"error":"server_error"})"});
    EXPECT_EQ(error.code, Errc::transient) << status;
    EXPECT_FALSE(error.http_status) << "auth server answers are not API answers";
  }
}

TEST(OAuth2ErrorsTest, NoAnswerIsTransient) {
  ScriptedOAuth2 oauth2;
  oauth2.transport->fail(TransportErrc::timeout, "https://id.example.com/token: timed out");
  auto grant = oauth2.authenticator.refresh({kRefreshToken, std::nullopt, std::nullopt});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::transient);
  EXPECT_TRUE(mentions(grant.error(), "timeout")) << grant.error().message;
}

TEST(OAuth2ErrorsTest, CognitoJsonApiAnswersSuggestTheCognitoProvider) {
  const auto error =
      refresh_error({400, R"({"__type":"NotAuthorizedException","message":"BODY-TEXT"})"});
  EXPECT_EQ(error.code, Errc::invalid_argument) << "a wrong protocol must not end the session";
  EXPECT_TRUE(mentions(error, "--provider cognito")) << error.message;
}

TEST(OAuth2ErrorsTest, PartnerApiAnswersSuggestThePartnerProvider) {
  const auto error = code_exchange_error({401, R"({"error":"NotAuthorized","message":"BODY"})"});
  EXPECT_EQ(error.code, Errc::invalid_argument);
  EXPECT_TRUE(mentions(error, "--provider partner")) << error.message;
}

TEST(OAuth2ErrorsTest, MissingEndpointSaysWhatWasExpected) {
  const auto error = refresh_error({404, "<html>BODY-TEXT</html>"});
  EXPECT_EQ(error.code, Errc::invalid_argument);
  EXPECT_TRUE(mentions(error, "expected an OAuth2")) << error.message;
  EXPECT_TRUE(mentions(error, "--provider cognito")) << error.message;
  EXPECT_TRUE(mentions(error, "--provider partner")) << error.message;
}

TEST(OAuth2ErrorsTest, RejectedCodeSaysWhy) {
  const auto error = code_exchange_error({400, R"({"error":"invalid_grant"})"});
  EXPECT_EQ(error.code, Errc::session_expired);
  EXPECT_TRUE(mentions(error, "authorization code")) << error.message;
  EXPECT_EQ(code_exchange_error({400, R"({"error":"invalid_request"})"}).code,
            Errc::invalid_argument)
      << "only refresh treats any 400 as a dead session";
}

TEST(OAuth2ErrorsTest, OnlyWellFormedErrorCodesAreQuoted) {
  const auto error = refresh_error({400, R"({"error":"RT-secret-value"})"});
  EXPECT_EQ(error.code, Errc::session_expired);
}

}  // namespace
}  // namespace freshauth::testing
