// How the Cognito provider maps each documented error answer, throttling, server trouble and a
// server that is not Cognito at all onto the engine's failure classes.
#include "providers/cognito_errors.h"

#include <gtest/gtest.h>

#include "freshauth/providers/cognito_authenticator.h"
#include "providers/cognito_documented_responses.h"
#include "support/fake_transport.h"

namespace freshauth {
namespace {

namespace cognito = testing::cognito;
using std::chrono::seconds;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kSecret = "1c2s6ujkc5rmi0tv9bmlr2kp7q5bpn8a1kpjq4r4r5p0j7ul3f2e";

class CognitoErrorsTest : public ::testing::Test {
 protected:
  Error sign_in_error(int status, const std::string& body, HttpHeaders headers = {}) {
    transport->reply(status, body, std::move(headers));
    auto outcome = auth.sign_in({cognito::kUsername, kPassword});
    EXPECT_FALSE(outcome.ok()) << body;
    return outcome.ok() ? Error{} : outcome.error();
  }
  Error refresh_error(int status, const std::string& body, HttpHeaders headers = {}) {
    transport->reply(status, body, std::move(headers));
    auto grant = auth.refresh({cognito::kRefreshToken, "dk", "dgk", cognito::access_token()});
    EXPECT_FALSE(grant.ok()) << body;
    return grant.ok() ? Error{} : grant.error();
  }
  Error mfa_error(const std::string& body) {
    transport->reply(400, body);
    auto outcome =
        auth.respond_to_mfa({"SOFTWARE_TOKEN_MFA", cognito::kPoolUsername, "s"}, "123456");
    EXPECT_FALSE(outcome.ok()) << body;
    return outcome.ok() ? Error{} : outcome.error();
  }
  // No message may carry what the server said, a token, the password or the secret.
  static void expect_clean(const Error& error) {
    const std::string text = error.describe();
    for (const std::string& secret :
         {std::string{"SERVER-TEXT"}, std::string{kPassword}, std::string{kSecret},
          cognito::kRefreshToken, std::string{"eyJ"}}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << "an error message leaks a secret";
    }
  }

  std::shared_ptr<testing::FakeTransport> transport = std::make_shared<testing::FakeTransport>();
  CognitoAuthenticator auth{
      {"4lh3ri2e2s0bb7pvl0qm3ek2v1", kSecret, "eu-west-1", std::nullopt, transport}};
};

TEST_F(CognitoErrorsTest, TypeIsReadFromBodyOrHeaderWithoutNamespace) {
  EXPECT_EQ(
      detail::cognito_error_type(
          {400,
           {},
           cognito::error("com.amazonaws.cognito.identity.idp.model#NotAuthorizedException")}),
      "NotAuthorizedException");
  EXPECT_EQ(detail::cognito_error_type(
                {400,
                 {{"x-amzn-ErrorType", "TooManyRequestsException:http://internal.amazon.com/"}},
                 ""}),
            "TooManyRequestsException");
  EXPECT_EQ(detail::cognito_error_type({404, {}, "<html>not found</html>"}), "");
}

TEST_F(CognitoErrorsTest, RejectedRefreshIsSessionExpired) {
  for (const std::string type :
       {"NotAuthorizedException", "UserNotFoundException", "aws.cognito#NotAuthorizedException"}) {
    const Error error = refresh_error(400, cognito::error(type, "Refresh Token has been revoked"));
    EXPECT_EQ(error.code, Errc::session_expired) << type;
    EXPECT_EQ(error.http_status, 400);
    expect_clean(error);
  }
}

TEST_F(CognitoErrorsTest, RefusedSignInIsInvalidCredentials) {
  for (const std::string type :
       {"NotAuthorizedException", "UserNotFoundException", "InvalidPasswordException"}) {
    const Error error = sign_in_error(400, cognito::error(type, "Incorrect username or password."));
    EXPECT_EQ(error.code, Errc::invalid_credentials) << type;
    EXPECT_NE(error.message.find("wrong username or password"), std::string::npos);
    expect_clean(error);
  }
}

TEST_F(CognitoErrorsTest, WrongOrExpiredMfaCodeIsInvalidCredentials) {
  for (const std::string type : {"CodeMismatchException", "ExpiredCodeException"}) {
    const Error error = mfa_error(cognito::error(type));
    EXPECT_EQ(error.code, Errc::invalid_credentials) << type;
    EXPECT_NE(error.message.find("wrong or expired MFA code"), std::string::npos);
  }
  const Error session = mfa_error(cognito::error(
      "NotAuthorizedException", "Invalid session for the user, session is expired."));
  EXPECT_EQ(session.code, Errc::invalid_credentials);
  EXPECT_NE(session.message.find("sign in again"), std::string::npos);
}

TEST_F(CognitoErrorsTest, AccountStatesSayWhatTheUserMustDo) {
  const Error reset = sign_in_error(400, cognito::error("PasswordResetRequiredException"));
  EXPECT_EQ(reset.code, Errc::invalid_credentials);
  EXPECT_NE(reset.message.find("reset the password"), std::string::npos) << reset.message;
  const Error unconfirmed = sign_in_error(400, cognito::error("UserNotConfirmedException"));
  EXPECT_EQ(unconfirmed.code, Errc::invalid_credentials);
  EXPECT_NE(unconfirmed.message.find("admin-confirm-sign-up"), std::string::npos);
  const Error disabled =
      sign_in_error(400, cognito::error("NotAuthorizedException", "User is disabled."));
  EXPECT_NE(disabled.message.find("admin-enable-user"), std::string::npos);
  const Error flow =
      sign_in_error(400, cognito::error("InvalidParameterException",
                                        "USER_PASSWORD_AUTH flow not enabled for this client"));
  EXPECT_EQ(flow.code, Errc::invalid_argument);
  EXPECT_NE(flow.message.find("ALLOW_USER_PASSWORD_AUTH"), std::string::npos);
}

TEST_F(CognitoErrorsTest, WrongClientSecretIsConfigurationNotAnExpiredSession) {
  const Error error = refresh_error(
      400,
      cognito::error("NotAuthorizedException", "Unable to verify secret hash for client 4lh3"));
  EXPECT_EQ(error.code, Errc::invalid_argument);  // keeps the session; signing in would not help
  EXPECT_NE(error.message.find("client_secret"), std::string::npos);
}

TEST_F(CognitoErrorsTest, ThrottlingAndServerTroubleAreTransient) {
  const Error throttled = refresh_error(
      400, cognito::error("TooManyRequestsException", "Rate exceeded"), {{"Retry-After", "7"}});
  EXPECT_EQ(throttled.code, Errc::transient);
  EXPECT_EQ(throttled.retry_after, seconds{7});
  EXPECT_NE(throttled.message.find("TooManyRequestsException"), std::string::npos);
  EXPECT_EQ(refresh_error(400, cognito::error("LimitExceededException")).code, Errc::transient);
  EXPECT_EQ(sign_in_error(500, cognito::error("InternalErrorException")).code, Errc::transient);
  for (int status : {429, 500, 502, 503, 504}) {
    const Error error = refresh_error(status, status == 502 ? "<html>Bad Gateway</html>" : "");
    EXPECT_EQ(error.code, Errc::transient) << status;
    EXPECT_NE(error.message.find(std::to_string(status)), std::string::npos);
    EXPECT_EQ(error.http_status, status);
  }
}

TEST_F(CognitoErrorsTest, NoAnswerIsTransient) {
  transport->fail(TransportErrc::timeout,
                  "https://cognito-idp.eu-west-1.amazonaws.com/: timed out");
  auto grant =
      auth.refresh({cognito::kRefreshToken, std::nullopt, std::nullopt, cognito::access_token()});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::transient);
  EXPECT_NE(grant.error().message.find("timeout"), std::string::npos);
  transport->fail(TransportErrc::connect_failed, "refused");
  EXPECT_EQ(auth.sign_in({cognito::kUsername, kPassword}).error().code, Errc::transient);
}

TEST_F(CognitoErrorsTest, MalformedSuccessIsTransient) {
  for (const std::string body :
       {R"({"AuthenticationResult": {"AccessToken": "eyJhbGciOi)",
        R"({"AuthenticationResult": {"IdToken": "x"}})",
        R"({"AuthenticationResult": {"AccessToken": "a", "ExpiresIn": "soon"}})",
        R"({"ChallengeName": "SMS_MFA"})", "[]", ""}) {
    const Error error = refresh_error(200, body);
    EXPECT_EQ(error.code, Errc::transient) << body;
    expect_clean(error);
  }
}

TEST_F(CognitoErrorsTest, UnknownCognitoErrorNamesItsType) {
  const Error error = sign_in_error(400, cognito::error("InvalidUserPoolConfigurationException"));
  EXPECT_EQ(error.code, Errc::invalid_argument);
  EXPECT_NE(error.message.find("InvalidUserPoolConfigurationException"), std::string::npos);
  const Error unsupported = sign_in_error(500, cognito::error("CognitoLocal#Unsupported"));
  EXPECT_EQ(unsupported.code, Errc::invalid_argument);
  EXPECT_NE(unsupported.message.find("does not implement"), std::string::npos);
}

TEST_F(CognitoErrorsTest, AServerThatIsNotCognitoGetsAProviderSuggestion) {
  const Error html = sign_in_error(404, "<!DOCTYPE html><html><body>Not Found</body></html>");
  EXPECT_EQ(html.code, Errc::invalid_argument);
  EXPECT_NE(html.message.find("not the Cognito JSON API"), std::string::npos) << html.message;
  EXPECT_NE(html.message.find("X-Amz-Target"), std::string::npos);
  EXPECT_NE(html.message.find("HTML"), std::string::npos);
  EXPECT_NE(html.message.find("--provider oauth2"), std::string::npos);
  EXPECT_NE(html.message.find("--provider partner"), std::string::npos);

  const Error oauth =
      sign_in_error(400, R"({"error":"invalid_request","error_description":"SERVER-TEXT"})");
  EXPECT_NE(oauth.message.find("OAuth2/OpenID Connect server: try --provider oauth2"),
            std::string::npos);
  const Error partner = sign_in_error(401, R"({"error":"NotAuthorized","message":"SERVER-TEXT"})");
  EXPECT_NE(partner.message.find("--provider partner"), std::string::npos);
  const Error discovery = sign_in_error(
      200,
      R"({"issuer":"https://id.example.com","token_endpoint":"https://id.example.com/token"})");
  EXPECT_EQ(discovery.code, Errc::invalid_argument);
  EXPECT_NE(discovery.message.find("--provider oauth2"), std::string::npos);
  for (const Error& error : {html, oauth, partner, discovery}) expect_clean(error);
}

}  // namespace
}  // namespace freshauth
