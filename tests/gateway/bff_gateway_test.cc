#include "freshauth/gateway/bff_gateway.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "freshauth/core/token_claims.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/server/form_body.h"
#include "freshauth/server/server_response.h"
#include "gateway/bff_fixture.h"
#include "support/http_probe.h"
#include "support/recording_upstream.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(BffGatewayTest, SignInGivesTheBrowserOnlyAnOpaqueHostOnlyHttpOnlyCookie) {
  Browser browser;
  auto landed = sign_in(browser);
  ASSERT_TRUE(landed);
  ASSERT_EQ(landed->status, 200) << landed->body;
  EXPECT_THAT(landed->body, HasSubstr("url=/app"));
  ASSERT_EQ(browser.cookies.count("__Host-freshauth-session"), 1u);
  EXPECT_EQ(browser.cookies["__Host-freshauth-session"].size(), 43u);
  EXPECT_EQ(browser.cookies.count("__Host-freshauth-login"), 0u) << "the login cookie is cleared";
  bool found = false;
  for (const auto& line : browser.set_cookie_lines) {
    if (!line.starts_with("__Host-freshauth-session=") ||
        line.find("Max-Age=0") != std::string::npos) {
      continue;
    }
    found = true;
    EXPECT_THAT(line, HasSubstr("; Path=/; Secure; HttpOnly; SameSite=Strict"));
    EXPECT_THAT(line, Not(HasSubstr("Domain")));
  }
  EXPECT_TRUE(found);
  auto who = browser.get(*site_, "/auth/session");
  ASSERT_TRUE(who && who->status == 200);
  const auto body = nlohmann::json::parse(who->body);
  EXPECT_EQ(body["signed_in"], true);
  EXPECT_EQ(body["username"], "alice");
  EXPECT_TRUE(body.contains("session_ends_at"));
  for (const auto& [name, value] : body.items()) {
    if (value.is_string()) {
      EXPECT_EQ(value.get<std::string>().find('.'), std::string::npos) << name;
    }
  }
}

TEST_F(BffGatewayTest, TheApiSeesFreshHeadersFromOneSnapshotAcrossThreeLifetimes) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  int failed = 0;
  for (auto elapsed = 0s; elapsed < 3 * kLifetime; elapsed += 20s) {
    auto answer = call_api(browser);
    if (!answer || answer->status != 200) ++failed;
    clock_->advance(20s);
  }
  EXPECT_EQ(failed, 0);
  const auto seen = upstream_->seen();
  ASSERT_EQ(seen.size(), std::size_t{3 * kLifetime / 20s});
  std::set<std::string> tokens;
  for (const auto& request : seen) {
    EXPECT_FALSE(request.expired);
    EXPECT_TRUE(request.authorization.starts_with("Bearer "));
    EXPECT_TRUE(request.partner_id.empty()) << "the gateway's session has no partner id";
    EXPECT_TRUE(request.cookie.empty()) << "the browser's cookies stay at the gateway";
    EXPECT_TRUE(request.csrf.empty());
    tokens.insert(request.authorization);
  }
  EXPECT_GE(tokens.size(), 3u) << "refreshed at least once per lifetime";
  for (const auto& line : browser.set_cookie_lines) {
    for (const auto& token : tokens) EXPECT_EQ(line.find(token.substr(7)), std::string::npos);
  }
}

TEST_F(BffGatewayTest, CallsWithoutTheCsrfHeaderOrFromAnotherOriginAreRefused) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  EXPECT_EQ(browser.get(*site_, "/api/items")->status, 403);
  EXPECT_EQ(
      browser.get(*site_, "/api/items", {{"X-CSRF", "1"}, {"Origin", "https://evil.example"}})
          ->status,
      403);
  EXPECT_EQ(browser.get(*site_, "/api/items", {{"X-CSRF", "1"}, {"Sec-Fetch-Site", "cross-site"}})
                ->status,
            403);
  EXPECT_EQ(call_api(browser)->status, 200);
  EXPECT_EQ(upstream_->seen().size(), 1u) << "refused calls never reach the API";
}

TEST_F(BffGatewayTest, OnlyAllowlistedCanonicalPathsAreProxied) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  EXPECT_EQ(call_api(browser, "/admin/users")->status, 404);
  EXPECT_EQ(call_api(browser, "/api/%2e%2e/admin")->status, 404);
  EXPECT_EQ(call_api(browser, "/api//items")->status, 404);
  EXPECT_TRUE(upstream_->seen().empty());
}

TEST_F(BffGatewayTest, ARouteWithoutASessionReachesTheUpstreamWithNoCredentials) {
  Browser browser;
  auto stranger = browser.get(*site_, "/app/index.html");
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 200) << "no session and no CSRF header needed";
  EXPECT_THAT(stranger->body, HasSubstr("<title>app</title>"));
  ASSERT_EQ(sign_in(browser)->status, 200);
  auto signed_in =
      browser.get(*site_, "/app/", {{"Authorization", "Bearer forged"}, {"X-CSRF", "1"}});
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 200);
  EXPECT_EQ(browser.cookies.count("__Host-freshauth-session"), 1u);
  const auto seen = upstream_->seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/app/index.html");
  for (const auto& request : seen) {
    EXPECT_TRUE(request.authorization.empty()) << request.target;
    EXPECT_TRUE(request.cookie.empty()) << request.target;
    EXPECT_TRUE(request.csrf.empty()) << request.target;
  }
  EXPECT_EQ(call_api(browser, "/app/%2e%2e/api/items")->status, 404);
}

TEST_F(BffGatewayTest, WithoutASessionTheApiAnswers401AndNothingIsForwarded) {
  Browser stranger;
  auto answer = call_api(stranger);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 401);
  EXPECT_EQ(nlohmann::json::parse(answer->body)["error"], "not_signed_in");
  stranger.cookies["__Host-freshauth-session"] = std::string(43, 'A');
  EXPECT_EQ(call_api(stranger)->status, 401) << "a forged id names no session";
  EXPECT_TRUE(upstream_->seen().empty());
}

TEST_F(BffGatewayTest, AnUpstream401EndsTheSessionWithoutARetry) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  upstream_->refuse_next();
  auto refused = call_api(browser);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["error"], "session_expired");
  EXPECT_EQ(upstream_->seen().size(), 1u) << "no retry";
  EXPECT_EQ(browser.cookies.count("__Host-freshauth-session"), 0u) << "the cookie is cleared";
  EXPECT_EQ(gateway_->sessions().size(), 0u);
  EXPECT_EQ(nlohmann::json::parse(browser.get(*site_, "/auth/session")->body)["signed_in"], false);
}

TEST_F(BffGatewayTest, LogoutRevokesAtTheProviderAndClearsTheCookie) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  EXPECT_EQ(browser.send(*site_, "POST", "/auth/logout")->status, 403) << "needs the CSRF header";
  auto out = browser.send(*site_, "POST", "/auth/logout", {{"X-CSRF", "1"}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(nlohmann::json::parse(out->body)["signed_out"], true);
  EXPECT_EQ(browser.cookies.count("__Host-freshauth-session"), 0u);
  EXPECT_TRUE(idp_->faults().wait_for_calls("/oauth2/revoke", 1));
  EXPECT_EQ(gateway_->sessions().size(), 0u);
}

TEST_F(BffGatewayTest, ACallbackNotStartedHereIsRefused) {
  Browser browser;
  auto login = browser.get(*site_, "/auth/login");
  ASSERT_EQ(login->status, 302);
  const std::string authorize = header_of(*login, "Location");
  const auto params = server::parse_form_fields(authorize.substr(authorize.find('?') + 1)).value();
  const std::string state = params.at("state");
  Browser other;
  EXPECT_EQ(other.get(*site_, "/auth/callback?code=x&state=" + state)->status, 400)
      << "another browser (no login cookie)";
  ASSERT_EQ(other.get(*site_, "/auth/login")->status, 302);
  EXPECT_EQ(other.get(*site_, "/auth/callback?code=x&state=" + state)->status, 400)
      << "another browser (its own login cookie)";
  EXPECT_EQ(browser.get(*site_, "/auth/callback?code=x&state=" + state)->status, 400)
      << "shown to another browser, the state is spent";
  login = browser.get(*site_, "/auth/login");
  ASSERT_EQ(login->status, 302);
  const std::string next = header_of(*login, "Location");
  const std::string next_state =
      server::parse_form_fields(next.substr(next.find('?') + 1)).value().at("state");
  EXPECT_EQ(browser.get(*site_, "/auth/callback?code=x&state=" + next_state)->status, 401)
      << "a code the provider never issued";
  EXPECT_EQ(browser.get(*site_, "/auth/callback?code=x&state=" + next_state)->status, 400)
      << "the state is used up";
  EXPECT_EQ(browser.get(*site_, "/auth/callback?state=" + state)->status, 400) << "no code";
  EXPECT_EQ(browser.get(*site_, "/auth/callback")->status, 400);
  EXPECT_EQ(browser.get(*site_, "/auth/callback?error=access_denied&state=" + state)->status, 401);
  EXPECT_EQ(browser.get(*site_, "/auth/login?return_to=https://evil.example/")->status, 400);
  EXPECT_EQ(browser.get(*site_, "/auth/login?return_to=//evil.example/")->status, 400);
  EXPECT_EQ(gateway_->sessions().size(), 0u);
}

TEST_F(BffGatewayTest, AReplayedCallbackSignsNobodyIn) {
  Browser browser;
  auto login = browser.get(*site_, "/auth/login");
  const std::string authorize = header_of(*login, "Location");
  auto params = server::parse_form_fields(authorize.substr(authorize.find('?') + 1)).value();
  FormPairs form(params.begin(), params.end());
  form.emplace_back("username", "alice");
  form.emplace_back("password", kPassword);
  auto approved = idp_site_->post_form("/oauth2/authorize", form);
  const std::string back = header_of(*approved, "Location");
  const std::string callback = "/auth/callback" + back.substr(back.find('?'));
  const auto login_cookie = browser.cookies;
  ASSERT_EQ(browser.get(*site_, callback)->status, 200);
  Browser replayer;
  replayer.cookies = login_cookie;
  EXPECT_EQ(replayer.get(*site_, callback)->status, 400);
  EXPECT_EQ(gateway_->sessions().size(), 1u);
}

TEST_F(BffGatewayTest, SigningInAgainReplacesTheSessionId) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  const std::string first = browser.cookies["__Host-freshauth-session"];
  ASSERT_EQ(sign_in(browser)->status, 200);
  EXPECT_NE(browser.cookies["__Host-freshauth-session"], first);
  EXPECT_EQ(gateway_->sessions().size(), 1u) << "the old session was signed out";
  Browser thief;
  thief.cookies["__Host-freshauth-session"] = first;
  EXPECT_EQ(call_api(thief)->status, 401);
}

TEST_F(BffGatewayTest, ARestartKeepsEverySession) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  ASSERT_EQ(call_api(browser)->status, 200);
  restart_gateway();
  EXPECT_EQ(gateway_->sessions().size(), 1u);
  EXPECT_EQ(call_api(browser)->status, 200);
  clock_->advance(kLifetime);  // past the old token's expiry: the restored refresh token works
  EXPECT_EQ(call_api(browser)->status, 200);
  EXPECT_FALSE(upstream_->seen().back().expired);
}

TEST_F(BffGatewayTest, MetricsCountSessionsRefreshesAndAnswers) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  ASSERT_EQ(call_api(browser)->status, 200);
  clock_->advance(kLifetime - 10s);
  ASSERT_EQ(call_api(browser)->status, 200);
  auto scrape = site_->get("/metrics");
  ASSERT_TRUE(scrape && scrape->status == 200);
  EXPECT_THAT(scrape->body, HasSubstr("freshauth_gateway_sessions 1"));
  EXPECT_THAT(scrape->body, HasSubstr("freshauth_gateway_refreshes_total{outcome=\"ok\"}"));
  EXPECT_THAT(scrape->body,
              HasSubstr("freshauth_gateway_responses_total{route=\"/api/\",status=\"200\"} 2"));
  EXPECT_THAT(scrape->body, HasSubstr("freshauth_gateway_upstream_duration_seconds_count"));
  EXPECT_THAT(scrape->body, HasSubstr("freshauth_refresh_duration_seconds"));
}

TEST_F(BffGatewayTest, BadInputGetsAClearRefusalAndReachesNoOne) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  const std::string cookie = browser.cookies["__Host-freshauth-session"];
  const auto status_of = [](const HttpResult& result) { return result ? result->status : 0; };
  EXPECT_EQ(status_of(site_->get("/api/items", {{"X-CSRF", "1"},
                                                {"Cookie", "__Host-freshauth-session=" + cookie},
                                                {"X-Padding", std::string(20'000, 'a')}})),
            431);
  EXPECT_EQ(
      status_of(site_->send("POST", "/api/items", std::string(100'000, 'b'),
                            {{"X-CSRF", "1"}, {"Cookie", "__Host-freshauth-session=" + cookie}})),
      413);
  for (const std::string& forged :
       {std::string{"__Host-freshauth-session="}, "__Host-freshauth-session=" + cookie + "x",
        "__Host-freshauth-session=" + cookie + "; __Host-freshauth-session=" + cookie,
        "__Host-freshauth-session=" + std::string(43, '.')}) {
    auto refused = site_->get("/api/items", {{"X-CSRF", "1"}, {"Cookie", forged}});
    EXPECT_EQ(status_of(refused), 401) << forged;
  }
  EXPECT_TRUE(upstream_->seen().empty());
  EXPECT_EQ(call_api(browser)->status, 200) << "the real session is untouched";
}

}  // namespace
}  // namespace freshauth::testing
