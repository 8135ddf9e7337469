#include "freshauth/providers/partner_authenticator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_partner_api.h"

namespace freshauth {
namespace {

using std::chrono::seconds;
using testing::FakePartnerApi;

constexpr const char* kRefresh = FakePartnerApi::kRefresh;
constexpr const char* kSignIn = FakePartnerApi::kSignIn;

class PartnerAuthenticatorTest : public ::testing::Test {
 protected:
  PartnerAuthenticator make(bool service_account = false) {
    return PartnerAuthenticator({FakePartnerApi::kBaseUrl, service_account, transport});
  }
  std::string signed_in_refresh_token() {
    auto outcome = auth.sign_in({"alice", FakePartnerApi::kPassword});
    return *std::get<TokenGrant>(outcome.value()).refresh_token;
  }
  // No error text may carry a secret the test sent or the server minted.
  static void expect_no_secrets(const Error& error, const std::string& refresh_token = {}) {
    const std::string text = error.describe();
    EXPECT_EQ(text.find(FakePartnerApi::kPassword), std::string::npos) << text;
    EXPECT_EQ(text.find("REFRESH-SECRET"), std::string::npos) << text;
    if (!refresh_token.empty()) {
      EXPECT_EQ(text.find(refresh_token), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("eyJ"), std::string::npos) << text;  // a JWT's header
  }

  ManualClock clock;
  FakePartnerApi api{clock, seconds{3600}};
  std::shared_ptr<testing::FakeTransport> transport = FakePartnerApi::transport_for(api);
  PartnerAuthenticator auth = make();
};

TEST_F(PartnerAuthenticatorTest, SignInReturnsTokens) {
  auto outcome = auth.sign_in({"alice", FakePartnerApi::kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto& grant = std::get<TokenGrant>(*outcome);
  EXPECT_FALSE(grant.access_token.empty());
  EXPECT_FALSE(grant.id_token.empty());
  ASSERT_TRUE(grant.refresh_token.has_value());
  EXPECT_EQ(grant.expires_in, seconds{3600});
  const auto body = nlohmann::json::parse(transport->requests(kSignIn).at(0).body);
  EXPECT_EQ(body, (nlohmann::json{{"username", "alice"}, {"password", FakePartnerApi::kPassword}}));
}

TEST_F(PartnerAuthenticatorTest, WrongPasswordIsInvalidCredentials) {
  auto outcome = auth.sign_in({"alice", "wrong password"});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, Errc::invalid_credentials);
  EXPECT_EQ(outcome.error().describe().find("wrong password"), std::string::npos);
}

TEST_F(PartnerAuthenticatorTest, ChallengeFlowCompletesWithTheCode) {
  auto outcome = auth.sign_in({FakePartnerApi::kMfaUser, FakePartnerApi::kPassword});
  ASSERT_TRUE(outcome.ok());
  const auto& challenge = std::get<MfaChallenge>(*outcome);
  EXPECT_EQ(challenge.name, "SOFTWARE_TOKEN_MFA");
  EXPECT_EQ(challenge.username, FakePartnerApi::kMfaUser);

  auto wrong = auth.respond_to_mfa(challenge, "000000");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::invalid_credentials);

  auto outcome2 = auth.sign_in({FakePartnerApi::kMfaUser, FakePartnerApi::kPassword});
  auto answered = auth.respond_to_mfa(std::get<MfaChallenge>(*outcome2), FakePartnerApi::kMfaCode);
  ASSERT_TRUE(answered.ok()) << answered.error().describe();
  EXPECT_TRUE(std::holds_alternative<TokenGrant>(*answered));
  const auto sent = nlohmann::json::parse(transport->requests(FakePartnerApi::kMfa).back().body);
  EXPECT_EQ(sent["code"], FakePartnerApi::kMfaCode);
  EXPECT_EQ(sent["username"], FakePartnerApi::kMfaUser);
  EXPECT_EQ(sent["session"], std::get<MfaChallenge>(*outcome2).session);
}

TEST_F(PartnerAuthenticatorTest, ServiceAccountChallengeSaysToTurnMfaOff) {
  PartnerAuthenticator service = make(/*service_account=*/true);
  auto outcome = service.sign_in({FakePartnerApi::kMfaUser, FakePartnerApi::kPassword});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, Errc::mfa_required);
  EXPECT_NE(outcome.error().message.find("MFA must be turned off for service accounts"),
            std::string::npos);
  expect_no_secrets(outcome.error());
}

TEST_F(PartnerAuthenticatorTest, RefreshSendsNullDeviceKeysWhenAbsent) {
  const std::string refresh_token = signed_in_refresh_token();
  auto grant = auth.refresh({refresh_token, std::nullopt, std::nullopt});
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  EXPECT_FALSE(grant->refresh_token.has_value());  // the partner API does not rotate it
  const auto body = nlohmann::json::parse(transport->requests(kRefresh).at(0).body);
  EXPECT_EQ(body["token"], refresh_token);
  ASSERT_TRUE(body.contains("device_key"));
  EXPECT_TRUE(body["device_key"].is_null());
  ASSERT_TRUE(body.contains("device_group_key"));
  EXPECT_TRUE(body["device_group_key"].is_null());
}

TEST_F(PartnerAuthenticatorTest, RefreshSendsDeviceKeysWhenKnown) {
  ASSERT_TRUE(auth.refresh({signed_in_refresh_token(), "dk-1", "dgk-1"}).ok());
  const auto body = nlohmann::json::parse(transport->requests(kRefresh).at(0).body);
  EXPECT_EQ(body["device_key"], "dk-1");
  EXPECT_EQ(body["device_group_key"], "dgk-1");
}

TEST_F(PartnerAuthenticatorTest, RejectedRefreshTokenIsSessionExpired) {
  for (int status : {400, 401}) {
    transport->reply_to(kRefresh, status, R"({"error":"NotAuthorized"})");
    auto grant = auth.refresh({"REFRESH-SECRET-x", std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, Errc::session_expired) << status;
    expect_no_secrets(grant.error(), "REFRESH-SECRET-x");
  }
  auto unknown = auth.refresh({"REFRESH-SECRET-unknown", std::nullopt, std::nullopt});
  EXPECT_EQ(unknown.error().code, Errc::session_expired);
}

TEST_F(PartnerAuthenticatorTest, ServerTroubleIsTransient) {
  const std::string token = signed_in_refresh_token();
  for (int status : {500, 502, 503, 504}) {
    transport->reply_to(kRefresh, status, "{}");
    auto grant = auth.refresh({token, std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, Errc::transient) << status;
    EXPECT_NE(grant.error().message.find(std::to_string(status)), std::string::npos);
  }
}

TEST_F(PartnerAuthenticatorTest, TooManyRequestsCarriesRetryAfter) {
  const std::string token = signed_in_refresh_token();
  transport->reply_to(kRefresh, 429, "{}", {{"Retry-After", "17"}});
  auto grant = auth.refresh({token, std::nullopt, std::nullopt});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::transient);
  EXPECT_EQ(grant.error().retry_after, seconds{17});

  transport->reply_to(kSignIn, 429, "{}");
  auto signed_in = auth.sign_in({"alice", FakePartnerApi::kPassword});
  EXPECT_EQ(signed_in.error().code, Errc::transient);
  EXPECT_FALSE(signed_in.error().retry_after.has_value());
}

TEST_F(PartnerAuthenticatorTest, MalformedTruncatedOrIncompleteBodiesAreTransient) {
  const std::string token = signed_in_refresh_token();
  const std::vector<std::string> bodies = {
      R"({"AccessToken": "eyJhbGciOi)",
      "<html>gateway</html>",
      R"({"IdToken":"x","TokenType":"Bearer"})",
      R"({"AccessToken":"a","ExpiresIn":"soon"})",
  };
  for (const auto& body : bodies) {
    transport->reply_to(kRefresh, 200, body);
    auto grant = auth.refresh({token, std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok()) << body;
    EXPECT_EQ(grant.error().code, Errc::transient) << grant.error().describe();
    expect_no_secrets(grant.error(), token);
  }
  // What CurlTransport reports for a body cut short or a connection dropped after the headers
  // (tests/curl/curl_transport_test.cc).
  for (const auto* reason : {"Transferred a partial file", "Server returned nothing"}) {
    transport->fail_to(kRefresh, TransportErrc::connection_lost, reason);
    auto grant = auth.refresh({token, std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok()) << reason;
    EXPECT_EQ(grant.error().code, Errc::transient) << grant.error().describe();
    expect_no_secrets(grant.error(), token);
  }
}

TEST_F(PartnerAuthenticatorTest, TimeoutsAreTransient) {
  const std::string token = signed_in_refresh_token();
  transport->fail_to(kRefresh, TransportErrc::timeout,
                     "POST https://partner.example.com/auth/refresh_token: Timeout was reached");
  auto grant = auth.refresh({token, std::nullopt, std::nullopt});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::transient);
  EXPECT_NE(grant.error().message.find("timeout"), std::string::npos) << grant.error().message;
}

TEST_F(PartnerAuthenticatorTest, UnreachableServerIsTransient) {
  transport->fail_to(kSignIn, TransportErrc::connect_failed,
                     "POST https://partner.example.com/auth: Could not connect to server");
  auto outcome = auth.sign_in({"alice", FakePartnerApi::kPassword});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, Errc::transient);
  expect_no_secrets(outcome.error());
}

TEST_F(PartnerAuthenticatorTest, EveryStatusMapsToItsFailureClass) {
  struct Case {
    int status;
    Errc sign_in;  // and the MFA answer
    Errc refresh;
    Errc logout;
  };
  const Errc bad = Errc::invalid_argument;
  const Errc later = Errc::transient;
  const Case cases[] = {
      {400, bad, Errc::session_expired, bad},
      {401, Errc::invalid_credentials, Errc::session_expired, bad},
      {403, Errc::invalid_credentials, bad, bad},
      {404, bad, bad, bad},
      {408, later, later, later},
      {429, later, later, later},
      {500, later, later, later},
      {502, later, later, later},
      {503, later, later, later},
      {504, later, later, later},
  };
  const MfaChallenge challenge{"SOFTWARE_TOKEN_MFA", "alice", "s"};
  for (const auto& c : cases) {
    const std::string body = R"({"error":"x"})";
    transport->reply_to(kSignIn, c.status, body);
    EXPECT_EQ(auth.sign_in({"alice", FakePartnerApi::kPassword}).error().code, c.sign_in)
        << c.status;
    transport->reply_to(FakePartnerApi::kMfa, c.status, body);
    EXPECT_EQ(auth.respond_to_mfa(challenge, "123456").error().code, c.sign_in) << c.status;
    transport->reply_to(kRefresh, c.status, body);
    EXPECT_EQ(auth.refresh({"REFRESH-SECRET-x", std::nullopt, std::nullopt}).error().code,
              c.refresh)
        << c.status;
    transport->reply_to(FakePartnerApi::kLogout, c.status, body);
    EXPECT_EQ(auth.revoke("REFRESH-SECRET-x").error().code, c.logout) << c.status;
  }
}

TEST_F(PartnerAuthenticatorTest, LogoutRevokesTheRefreshToken) {
  const std::string token = signed_in_refresh_token();
  ASSERT_TRUE(auth.revoke(token).ok());
  EXPECT_EQ(nlohmann::json::parse(transport->requests(FakePartnerApi::kLogout).at(0).body),
            (nlohmann::json{{"token", token}}));
  EXPECT_EQ(auth.refresh({token, std::nullopt, std::nullopt}).error().code, Errc::session_expired);
}

}  // namespace
}  // namespace freshauth
