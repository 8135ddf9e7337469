#include "freshauth/providers/partner_authenticator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "freshauth/http/curl_transport.h"
#include "support/partner_idp.h"

namespace freshauth {
namespace {

using server::FaultGate;
using server::ScriptedReply;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::PartnerIdp;

constexpr const char* kRefresh = PartnerIdp::kRefresh;
constexpr const char* kSignIn = PartnerIdp::kSignIn;

class PartnerAuthenticatorTest : public ::testing::Test {
 protected:
  PartnerAuthenticator make(bool service_account = false) {
    return PartnerAuthenticator({partner.base_url(), service_account, transport});
  }
  std::string signed_in_refresh_token() {
    auto outcome = auth.sign_in({"alice", PartnerIdp::kPassword});
    return *std::get<TokenGrant>(outcome.value()).refresh_token;
  }
  // No error text may carry a secret the test sent or the server minted.
  static void expect_no_secrets(const Error& error, const std::string& refresh_token = {}) {
    const std::string text = error.describe();
    EXPECT_EQ(text.find(PartnerIdp::kPassword), std::string::npos) << text;
    EXPECT_EQ(text.find("REFRESH-SECRET"), std::string::npos) << text;
    if (!refresh_token.empty()) {
      EXPECT_EQ(text.find(refresh_token), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("eyJ"), std::string::npos) << text;  // a JWT's header
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  PartnerIdp partner{clock};
  std::shared_ptr<CurlTransport> transport = std::make_shared<CurlTransport>(
      CurlTransportOptions{.connect_timeout = milliseconds{1000}, .timeout = milliseconds{2000}});
  PartnerAuthenticator auth = make();
};

TEST_F(PartnerAuthenticatorTest, SignInReturnsTokens) {
  auto outcome = auth.sign_in({"alice", PartnerIdp::kPassword});
  ASSERT_TRUE(outcome.ok()) << outcome.error().describe();
  const auto& grant = std::get<TokenGrant>(*outcome);
  EXPECT_FALSE(grant.access_token.empty());
  EXPECT_FALSE(grant.id_token.empty());
  ASSERT_TRUE(grant.refresh_token.has_value());
  EXPECT_EQ(grant.expires_in, seconds{3600});
  const auto body = nlohmann::json::parse(partner.faults().recorded(kSignIn).at(0).body);
  EXPECT_EQ(body, (nlohmann::json{{"username", "alice"}, {"password", PartnerIdp::kPassword}}));
}

TEST_F(PartnerAuthenticatorTest, WrongPasswordIsInvalidCredentials) {
  auto outcome = auth.sign_in({"alice", "wrong password"});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code, Errc::invalid_credentials);
  EXPECT_EQ(outcome.error().describe().find("wrong password"), std::string::npos);
}

TEST_F(PartnerAuthenticatorTest, ChallengeFlowCompletesWithTheCode) {
  auto outcome = auth.sign_in({PartnerIdp::kMfaUser, PartnerIdp::kPassword});
  ASSERT_TRUE(outcome.ok());
  const auto& challenge = std::get<MfaChallenge>(*outcome);
  EXPECT_EQ(challenge.name, "SOFTWARE_TOKEN_MFA");
  EXPECT_EQ(challenge.username, PartnerIdp::kMfaUser);

  auto wrong = auth.respond_to_mfa(challenge, "000000");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::invalid_credentials);

  auto outcome2 = auth.sign_in({PartnerIdp::kMfaUser, PartnerIdp::kPassword});
  auto answered = auth.respond_to_mfa(std::get<MfaChallenge>(*outcome2), partner.mfa_code());
  ASSERT_TRUE(answered.ok()) << answered.error().describe();
  EXPECT_TRUE(std::holds_alternative<TokenGrant>(*answered));
  const auto sent = nlohmann::json::parse(partner.faults().recorded(PartnerIdp::kMfa).back().body);
  EXPECT_EQ(sent["code"], partner.mfa_code());
  EXPECT_EQ(sent["username"], PartnerIdp::kMfaUser);
  EXPECT_EQ(sent["session"], std::get<MfaChallenge>(*outcome2).session);
}

TEST_F(PartnerAuthenticatorTest, ServiceAccountChallengeSaysToTurnMfaOff) {
  PartnerAuthenticator service = make(/*service_account=*/true);
  auto outcome = service.sign_in({PartnerIdp::kMfaUser, PartnerIdp::kPassword});
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
  const auto body = nlohmann::json::parse(partner.faults().recorded(kRefresh).at(0).body);
  EXPECT_EQ(body["token"], refresh_token);
  ASSERT_TRUE(body.contains("device_key"));
  EXPECT_TRUE(body["device_key"].is_null());
  ASSERT_TRUE(body.contains("device_group_key"));
  EXPECT_TRUE(body["device_group_key"].is_null());
}

TEST_F(PartnerAuthenticatorTest, RefreshSendsDeviceKeysWhenKnown) {
  ASSERT_TRUE(auth.refresh({signed_in_refresh_token(), "dk-1", "dgk-1"}).ok());
  const auto body = nlohmann::json::parse(partner.faults().recorded(kRefresh).at(0).body);
  EXPECT_EQ(body["device_key"], "dk-1");
  EXPECT_EQ(body["device_group_key"], "dgk-1");
}

TEST_F(PartnerAuthenticatorTest, RejectedRefreshTokenIsSessionExpired) {
  for (int status : {400, 401}) {
    partner.faults().script(kRefresh, {.status = status, .body = R"({"error":"NotAuthorized"})"});
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
    partner.faults().script(kRefresh, {.status = status, .body = "{}"});
    auto grant = auth.refresh({token, std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, Errc::transient) << status;
    EXPECT_NE(grant.error().message.find(std::to_string(status)), std::string::npos);
  }
}

TEST_F(PartnerAuthenticatorTest, TooManyRequestsCarriesRetryAfter) {
  const std::string token = signed_in_refresh_token();
  partner.faults().script(kRefresh, {.status = 429, .body = "{}", .retry_after = "17"});
  auto grant = auth.refresh({token, std::nullopt, std::nullopt});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::transient);
  EXPECT_EQ(grant.error().retry_after, seconds{17});

  partner.faults().script(kSignIn, {.status = 429, .body = "{}"});
  auto signed_in = auth.sign_in({"alice", PartnerIdp::kPassword});
  EXPECT_EQ(signed_in.error().code, Errc::transient);
  EXPECT_FALSE(signed_in.error().retry_after.has_value());
}

TEST_F(PartnerAuthenticatorTest, MalformedTruncatedOrIncompleteBodiesAreTransient) {
  const std::string token = signed_in_refresh_token();
  const std::vector<ScriptedReply> replies = {
      {.status = 200, .body = R"({"AccessToken": "eyJhbGciOi)"},
      {.status = 200, .body = "<html>gateway</html>"},
      {.status = 200, .body = R"({"IdToken":"x","TokenType":"Bearer"})"},
      {.status = 200, .body = R"({"AccessToken":"a","ExpiresIn":"soon"})"},
      {.status = 200,
       .body = R"({"AccessToken":"a.b.c","ExpiresIn":3600})",
       .delivery = ScriptedReply::Delivery::truncated_body},
      {.status = 200, .body = "{}", .delivery = ScriptedReply::Delivery::drop_after_headers},
  };
  for (const auto& reply : replies) {
    partner.faults().script(kRefresh, reply);
    auto grant = auth.refresh({token, std::nullopt, std::nullopt});
    ASSERT_FALSE(grant.ok()) << reply.body.value_or("");
    EXPECT_EQ(grant.error().code, Errc::transient) << grant.error().describe();
    expect_no_secrets(grant.error(), token);
  }
}

TEST_F(PartnerAuthenticatorTest, SlowServerTimesOutAsTransient) {
  const std::string token = signed_in_refresh_token();
  const auto held = std::make_shared<FaultGate>();  // the answer waits until the test is done
  partner.faults().script(kRefresh, {.status = 200, .body = "{}", .gate = held});
  PartnerAuthenticator impatient(
      {partner.base_url(), false,
       std::make_shared<CurlTransport>(CurlTransportOptions{.timeout = milliseconds{200}})});
  auto grant = impatient.refresh({token, std::nullopt, std::nullopt});
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::transient);
  EXPECT_NE(grant.error().message.find("timeout"), std::string::npos) << grant.error().message;
  EXPECT_EQ(held->arrivals(), 1);
  EXPECT_FALSE(held->gave_up()) << "the call ended only when the server let go of it";
  held->open();
}

TEST_F(PartnerAuthenticatorTest, UnreachableServerIsTransient) {
  std::string url;
  {
    PartnerIdp gone{clock};
    url = gone.base_url();
  }
  PartnerAuthenticator unreachable({url, false, transport});
  auto outcome = unreachable.sign_in({"alice", PartnerIdp::kPassword});
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
    const ScriptedReply reply{.status = c.status, .body = R"({"error":"x"})"};
    partner.faults().script(kSignIn, reply);
    EXPECT_EQ(auth.sign_in({"alice", PartnerIdp::kPassword}).error().code, c.sign_in) << c.status;
    partner.faults().script(PartnerIdp::kMfa, reply);
    EXPECT_EQ(auth.respond_to_mfa(challenge, "123456").error().code, c.sign_in) << c.status;
    partner.faults().script(kRefresh, reply);
    EXPECT_EQ(auth.refresh({"REFRESH-SECRET-x", std::nullopt, std::nullopt}).error().code,
              c.refresh)
        << c.status;
    partner.faults().script(PartnerIdp::kLogout, reply);
    EXPECT_EQ(auth.revoke("REFRESH-SECRET-x").error().code, c.logout) << c.status;
  }
}

TEST_F(PartnerAuthenticatorTest, LogoutRevokesTheRefreshToken) {
  const std::string token = signed_in_refresh_token();
  ASSERT_TRUE(auth.revoke(token).ok());
  EXPECT_EQ(nlohmann::json::parse(partner.faults().recorded(PartnerIdp::kLogout).at(0).body),
            (nlohmann::json{{"token", token}}));
  EXPECT_EQ(auth.refresh({token, std::nullopt, std::nullopt}).error().code, Errc::session_expired);
}

}  // namespace
}  // namespace freshauth
