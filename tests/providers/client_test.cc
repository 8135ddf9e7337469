// freshauth::Client end to end: engine + PartnerAuthenticator + libcurl against the embedded idp.
#include "freshauth/http/client.h"

#include <gtest/gtest.h>

#include "freshauth/http/curl_transport.h"
#include "freshauth/http/http_error.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/partner_idp.h"

namespace freshauth {
namespace {

using server::FaultGate;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::PartnerIdp;

constexpr const char* kApi = PartnerIdp::kApi;

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.executor = inline_executor();  // soft-window refreshes run in the calling thread
    engine = std::make_unique<SessionEngine>(
        std::make_shared<PartnerAuthenticator>(
            PartnerAuthenticatorOptions{partner.base_url(), false, transport}),
        options);
    ASSERT_TRUE(engine->sign_in({"alice", PartnerIdp::kPassword}, {"partner-7", {}, {}}).ok());
    client = std::make_unique<Client>(*engine, ClientOptions{partner.base_url(), transport, {}});
  }

  std::string refresh_token() const { return engine->current()->refresh_token; }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  PartnerIdp partner{clock};
  std::shared_ptr<CurlTransport> transport = std::make_shared<CurlTransport>(
      CurlTransportOptions{.connect_timeout = milliseconds{1000}, .timeout = milliseconds{2000}});
  std::unique_ptr<SessionEngine> engine;
  std::unique_ptr<Client> client;
};

TEST_F(ClientTest, SendsBothHeadersFromTheCurrentSession) {
  const ApiResponse response = client->get("/api/user");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.json()["partner_id"], "partner-7");
  const auto call = partner.faults().recorded(kApi).at(0);
  EXPECT_EQ(call.authorization, "Bearer " + engine->current()->access_token);
  EXPECT_EQ(call.partner_id, "partner-7");
}

TEST_F(ClientTest, CallerHeadersCannotOverrideTheSnapshot) {
  auto response = client->try_request("GET", "/api/user", {},
                                      {{"authorization", "Bearer forged"}, {"X-Trace", "t1"}});
  ASSERT_TRUE(response.ok()) << response.error().describe();
  EXPECT_EQ(partner.faults().recorded(kApi).at(0).authorization,
            "Bearer " + engine->current()->access_token);
}

TEST_F(ClientTest, PostsJsonBodies) {
  // Any POST route of the idp will do: the scripted reply answers in place of its handler.
  partner.faults().script(PartnerIdp::kLogout, {.status = 200, .body = "{}"});
  client->post(PartnerIdp::kLogout, {{"name", "x"}});
  const auto call = partner.faults().recorded(PartnerIdp::kLogout).at(0);
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.body, R"({"name":"x"})");
}

TEST_F(ClientTest, UnauthorizedClearsTheSessionAndIsNotRetried) {
  partner.faults().script(kApi, {.status = 401, .body = R"({"error":"NotAuthorized"})"});
  auto response = client->try_request("GET", "/api/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::session_expired);
  EXPECT_EQ(partner.faults().calls(kApi), 1);
  EXPECT_EQ(partner.faults().calls(PartnerIdp::kRefresh), 0);
  EXPECT_EQ(engine->current(), nullptr);

  auto after = client->try_request("GET", "/api/user");
  EXPECT_EQ(after.error().code, Errc::session_expired);
  EXPECT_EQ(partner.faults().calls(kApi), 1);  // nothing sent without a session
}

TEST_F(ClientTest, ThrowingFormThrowsAuthErrorOn401) {
  partner.faults().script(kApi, {.status = 401, .body = "{}"});
  try {
    client->get("/api/user");
    FAIL() << "expected AuthError";
  } catch (const HttpError&) {
    FAIL() << "a 401 is a session error, not an HttpError";
  } catch (const AuthError& error) {
    EXPECT_EQ(error.code(), Errc::session_expired);
  }
}

TEST_F(ClientTest, OtherStatusesAreHttpErrorsWithAnExcerpt) {
  partner.faults().script(kApi, {.status = 404, .body = R"({"error":"no such item"})"});
  try {
    client->get("/api/user?secret=1");
    FAIL() << "expected HttpError";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), Errc::invalid_argument);
    EXPECT_NE(std::string{error.what()}.find("no such item"), std::string::npos);
    EXPECT_EQ(std::string{error.what()}.find("secret=1"), std::string::npos);
  }
  EXPECT_NE(engine->current(), nullptr);  // only a 401 ends the session
}

TEST_F(ClientTest, ServerTroubleIsTransientWithRetryAfter) {
  partner.faults().script(kApi, {.status = 503, .body = "down", .retry_after = "9"});
  auto response = client->try_request("GET", "/api/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_EQ(response.error().retry_after, seconds{9});
  EXPECT_EQ(response.error().http_status, 503);
}

TEST_F(ClientTest, ResultFormCarriesTheStatusToo) {
  partner.faults().script(kApi, {.status = 403, .body = "{}"});
  auto response = client->try_request("GET", "/api/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().http_status, 403);
  EXPECT_EQ(response.error().code, Errc::invalid_argument);
}

TEST_F(ClientTest, TimeoutsAreTransient) {
  const auto held = std::make_shared<FaultGate>();  // the answer waits until the test is done
  partner.faults().script(kApi, {.status = 200, .body = "{}", .gate = held});
  Client impatient(
      *engine, {partner.base_url(),
                std::make_shared<CurlTransport>(CurlTransportOptions{.timeout = milliseconds{200}}),
                {}});
  auto response = impatient.try_request("GET", "/api/user");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_EQ(held->arrivals(), 1);
  EXPECT_FALSE(held->gave_up()) << "the call ended only when the server let go of it";
  held->open();
}

TEST_F(ClientTest, JsonIsParsedOnDemand) {
  partner.faults().script(kApi, {.status = 200, .body = "not json"});
  auto response = client->try_request("GET", "/api/user");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "not json");
  EXPECT_EQ(response->try_json().error().code, Errc::transient);
  EXPECT_THROW(response->json(), AuthError);
}

TEST_F(ClientTest, ErrorBodiesNeverLeakTheSessionsTokens) {
  const auto session = engine->current();
  partner.faults().script(
      kApi,
      {.status = 500, .body = "echo: " + session->access_token + " " + session->refresh_token});
  auto response = client->try_request("GET", "/api/user");
  ASSERT_FALSE(response.ok());
  const std::string text = response.error().describe();
  EXPECT_EQ(text.find(session->access_token), std::string::npos) << text;
  EXPECT_EQ(text.find(session->refresh_token), std::string::npos) << text;
  EXPECT_NE(text.find("[redacted]"), std::string::npos) << text;
}

TEST_F(ClientTest, RefreshesBeforeTheCallInTheRefreshWindow) {
  const std::string before = engine->current()->access_token;
  clock->advance(minutes{58});  // soft window: refreshed inline by this test's executor
  client->get("/api/user");
  EXPECT_EQ(partner.faults().calls(PartnerIdp::kRefresh), 1);
  clock->advance(seconds{1});
  client->get("/api/user");
  const auto calls = partner.faults().recorded(kApi);
  EXPECT_NE(calls.back().authorization, "Bearer " + before);
  EXPECT_EQ(calls.back().authorization, "Bearer " + engine->current()->access_token);
  EXPECT_EQ(engine->current()->refresh_token, refresh_token());  // not rotated
}

TEST_F(ClientTest, NoSecretReachesErrorsOrTheLogWhenEverythingFails) {
  const std::string secret = refresh_token();
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  std::vector<std::string> texts;
  partner.faults().script(PartnerIdp::kRefresh, {.status = 500, .body = secret});
  clock->advance(minutes{59} + seconds{45});  // hard window: the call waits for the refresh
  auto transient = client->try_request("GET", "/api/user");
  if (!transient.ok()) texts.push_back(transient.error().describe());
  partner.faults().script(PartnerIdp::kRefresh, {.status = 401, .body = secret});
  clock->advance(minutes{1});
  auto expired = client->try_request("GET", "/api/user");
  ASSERT_FALSE(expired.ok());
  texts.push_back(expired.error().describe());
  texts.push_back(::testing::internal::GetCapturedStdout());
  texts.push_back(::testing::internal::GetCapturedStderr());

  PartnerAuthenticator auth({partner.base_url(), false, transport});
  auto wrong = auth.sign_in({"alice", "hunter2-password"});
  texts.push_back(wrong.error().describe());
  for (const auto& text : texts) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    EXPECT_EQ(text.find("REFRESH-SECRET"), std::string::npos) << text;
    EXPECT_EQ(text.find(PartnerIdp::kPassword), std::string::npos) << text;
    EXPECT_EQ(text.find("hunter2-password"), std::string::npos) << text;
  }
  EXPECT_EQ(expired.error().code, Errc::session_expired);
}

}  // namespace
}  // namespace freshauth
