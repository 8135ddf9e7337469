// The browser flow against our embedded idp, its login form driven over HTTP by the test.
#include "freshauth/flows/browser_sign_in.h"

#include "flows/idp_login_driver.h"
#include "freshauth/core/memory_session_store.h"
#include "freshauth/core/session_engine.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLoopbackCallback = "http://127.0.0.1/callback";

class BrowserSignInTest : public IdpFixture,
                          public ::testing::WithParamInterface<ClientAuthMethod> {
 protected:
  void SetUp() override {
    IdpFixture::SetUp();
    transport_ = std::make_shared<CurlTransport>();
    auto endpoints = discover_oauth2_endpoints(*transport_, server_->issuer());
    ASSERT_TRUE(endpoints.ok()) << endpoints.error().describe();
    endpoints_ = *endpoints;
  }

  std::shared_ptr<OAuth2Authenticator> authenticator_for(
      ClientAuthMethod method, const std::string& callback = kLoopbackCallback) {
    const bool confidential = method != ClientAuthMethod::none;
    auto client =
        server_->admin().add_client({"cli", confidential, {callback}, {}}, false, clock_->now());
    EXPECT_TRUE(client.ok());
    if (!client.ok()) return nullptr;
    return std::make_shared<OAuth2Authenticator>(OAuth2AuthenticatorOptions{
        endpoints_, {client->client_id, client->secret, method, {}}, transport_});
  }

  BrowserSignInOptions options(std::function<void(const std::string&)> show_url) const {
    BrowserSignInOptions result;
    result.timeout = 60s;
    result.clock = clock_;
    result.show_url = std::move(show_url);
    return result;
  }

  // Signs alice in through the login form; `visit` tells what the browser saw.
  Result<AdoptableGrant> sign_in_alice(OAuth2Authenticator& authenticator, LoginVisit& visit) {
    return sign_in_with_browser(authenticator, options([&](const std::string& url) {
                                  shown_url_ = url;
                                  visit = log_in_through_form(url, "alice", kAlicePassword);
                                }));
  }

  std::shared_ptr<CurlTransport> transport_;
  OAuth2Endpoints endpoints_;
  std::string shown_url_;
};

TEST_F(BrowserSignInTest, DiscoversTheIdp) {
  EXPECT_EQ(endpoints_.issuer, server_->issuer());
  EXPECT_EQ(endpoints_.authorization_endpoint, server_->issuer() + "/oauth2/authorize");
  EXPECT_EQ(endpoints_.token_endpoint, server_->issuer() + "/oauth2/token");
  EXPECT_EQ(endpoints_.revocation_endpoint, server_->issuer() + "/oauth2/revoke");
  EXPECT_EQ(endpoints_.jwks_uri, server_->issuer() + "/.well-known/jwks.json");
  EXPECT_FALSE(endpoints_.device_authorization_endpoint) << "our idp has no device grant";

  auto elsewhere = discover_oauth2_endpoints(*transport_, server_->issuer() + "/tenant");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, Errc::invalid_argument);
  EXPECT_NE(elsewhere.error().message.find("HTTP 404"), std::string::npos)
      << elsewhere.error().message;
  EXPECT_NE(elsewhere.error().message.find("--provider"), std::string::npos);
}

TEST_P(BrowserSignInTest, SignsInAdoptsAndRefreshesThroughTheEngine) {
  auto authenticator = authenticator_for(GetParam());
  ASSERT_TRUE(authenticator);
  LoginVisit visit;
  auto signed_in = sign_in_alice(*authenticator, visit);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  EXPECT_EQ(visit.submit_status, 302);
  EXPECT_EQ(visit.callback_status, 200);
  EXPECT_NE(visit.callback_page.find("close this window"), std::string::npos);
  const auto request = query_of(shown_url_);
  EXPECT_TRUE(server::form_field(request, "redirect_uri").starts_with("http://127.0.0.1:"));
  EXPECT_EQ(server::form_field(request, "code_challenge_method"), "S256");
  EXPECT_EQ(signed_in->requested_at, clock_->now());
  ASSERT_TRUE(signed_in->grant.refresh_token);
  EXPECT_EQ(signed_in->grant.expires_in, 3600s);

  SessionEngineOptions engine_options;
  engine_options.clock = clock_;
  SessionEngine engine(authenticator, engine_options);
  ASSERT_TRUE(engine.adopt(signed_in->grant, signed_in->requested_at, {}).ok());
  const SessionSnapshot adopted = engine.ensure_fresh();
  EXPECT_EQ(adopted.access_token(), signed_in->grant.access_token);

  clock_->advance(3600s - 10s);  // the hard window: callers wait for one refresh
  const SessionSnapshot refreshed = engine.ensure_fresh();
  EXPECT_NE(refreshed.access_token(), adopted.access_token());
  EXPECT_GT(refreshed.generation(), adopted.generation());
  EXPECT_GT(refreshed.expires_at(), clock_->now() + 3500s);
  auto user =
      http_->get("/oauth2/userInfo", {{"Authorization", "Bearer " + refreshed.access_token()}});
  ASSERT_TRUE(user);
  EXPECT_EQ(user->status, 200);
}

INSTANTIATE_TEST_SUITE_P(EveryClientAuthMethod, BrowserSignInTest,
                         ::testing::Values(ClientAuthMethod::none,
                                           ClientAuthMethod::client_secret_basic,
                                           ClientAuthMethod::client_secret_post));

TEST_F(BrowserSignInTest, RevokedSessionsExpire) {
  auto authenticator = authenticator_for(ClientAuthMethod::client_secret_basic);
  ASSERT_TRUE(authenticator);
  LoginVisit visit;
  auto signed_in = sign_in_alice(*authenticator, visit);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  SessionEngineOptions engine_options;
  engine_options.clock = clock_;
  SessionEngine engine(authenticator, engine_options);
  ASSERT_TRUE(engine.adopt(signed_in->grant, signed_in->requested_at, {}).ok());

  ASSERT_TRUE(authenticator->revoke(*signed_in->grant.refresh_token).ok());
  auto direct = authenticator->refresh({*signed_in->grant.refresh_token, {}, {}});
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().code, Errc::session_expired) << direct.error().describe();

  clock_->advance(3600s - 10s);
  auto fresh = engine.try_ensure_fresh();
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code, Errc::session_expired) << fresh.error().describe();
  EXPECT_FALSE(engine.current());
}

TEST_F(BrowserSignInTest, WrongStateIsRefused) {
  auto authenticator = authenticator_for(ClientAuthMethod::none);
  ASSERT_TRUE(authenticator);
  Page forged, late;
  auto signed_in = sign_in_with_browser(*authenticator, options([&](const std::string& url) {
    const std::string redirect_uri = server::form_field(query_of(url), "redirect_uri");
    forged = browse(redirect_uri + "?code=stolen&state=not-the-one");
    late = browse(redirect_uri + "?code=c&state=" +
                  server::percent_encode(server::form_field(query_of(url), "state")));
  }));
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_argument);
  EXPECT_NE(signed_in.error().message.find("state"), std::string::npos);
  EXPECT_EQ(forged.status, 400);
  EXPECT_NE(forged.body.find("does not belong to the sign-in"), std::string::npos);
  EXPECT_NE(late.body.find("already"), std::string::npos) << "one-shot: the first answer stands";
}

TEST_F(BrowserSignInTest, AnErrorRedirectSaysWhatHappened) {
  auto authenticator = authenticator_for(ClientAuthMethod::none);
  ASSERT_TRUE(authenticator);
  Page page;
  auto signed_in = sign_in_with_browser(*authenticator, options([&](const std::string& url) {
    const auto request = query_of(url);
    page = browse(server::form_field(request, "redirect_uri") + "?error=access_denied&state=" +
                  server::percent_encode(server::form_field(request, "state")));
  }));
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::invalid_credentials);
  EXPECT_NE(page.body.find("access_denied"), std::string::npos);
}

TEST_F(BrowserSignInTest, GivesUpAtTheTimeout) {
  auto authenticator = authenticator_for(ClientAuthMethod::none);
  ASSERT_TRUE(authenticator);
  auto signed_in = sign_in_with_browser(*authenticator,
                                        options([&](const std::string&) { clock_->advance(61s); }));
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::not_signed_in);
  EXPECT_NE(signed_in.error().message.find("60 s"), std::string::npos);
}

TEST_F(BrowserSignInTest, GivesUpAtTheTimeoutOnTheSystemClock) {
  auto authenticator = authenticator_for(ClientAuthMethod::none);
  ASSERT_TRUE(authenticator);
  BrowserSignInOptions one_second;
  one_second.timeout = 1s;
  one_second.show_url = [](const std::string&) {};
  auto signed_in = sign_in_with_browser(*authenticator, one_second);
  ASSERT_FALSE(signed_in.ok());
  EXPECT_EQ(signed_in.error().code, Errc::not_signed_in);
}

TEST_F(BrowserSignInTest, TheIdpRefusesAnUnregisteredLoopbackPath) {
  auto authenticator = authenticator_for(ClientAuthMethod::none, "http://127.0.0.1/elsewhere");
  ASSERT_TRUE(authenticator);
  LoginVisit visit;
  auto signed_in = sign_in_with_browser(*authenticator, options([&](const std::string& url) {
    visit = log_in_through_form(url, "alice", kAlicePassword);
    clock_->advance(61s);  // the user gives up
  }));
  EXPECT_EQ(visit.form_status, 400) << "never redirected to an unregistered URI";
  ASSERT_FALSE(signed_in.ok());
  EXPECT_NE(signed_in.error().message.find("register"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::testing
