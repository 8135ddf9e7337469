// freshauth::Client with the engine and PartnerAuthenticator, over a FakeTransport answering as
// the partner API: what Client makes of each answer. CurlTransport has its own tests (tests/curl).
#include "freshauth/client/client.h"

#include <gtest/gtest.h>

#include "freshauth/client/http_error.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/fake_partner_api.h"

namespace freshauth {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakePartnerApi;

constexpr const char* kApi = FakePartnerApi::kApi;
constexpr const char* kRefresh = FakePartnerApi::kRefresh;

std::string header(const HttpRequest& request, std::string_view name) {
  return std::string{request.headers.find(name).value_or("")};
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.executor = inline_executor();  // soft-window refreshes run in the calling thread
    engine = std::make_unique<SessionEngine>(
        std::make_shared<PartnerAuthenticator>(
            PartnerAuthenticatorOptions{FakePartnerApi::kBaseUrl, false, transport}),
        options);
    ASSERT_TRUE(engine->sign_in({"alice", FakePartnerApi::kPassword}, {"partner-7", {}, {}}).ok());
    client =
        std::make_unique<Client>(*engine, ClientOptions{FakePartnerApi::kBaseUrl, transport, {}});
  }

  std::string refresh_token() const { return engine->current()->refresh_token; }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  FakePartnerApi api{*clock, seconds{3600}};
  std::shared_ptr<testing::FakeTransport> transport = FakePartnerApi::transport_for(api);
  std::unique_ptr<SessionEngine> engine;
  std::unique_ptr<Client> client;
};

TEST_F(ClientTest, SendsBothHeadersFromTheCurrentSession) {
  const ApiResponse response = client->get("/api/items");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.json()["partner"], "partner-7");
  const auto call = transport->requests(kApi).at(0);
  EXPECT_EQ(header(call, "Authorization"), "Bearer " + engine->current()->access_token);
  EXPECT_EQ(header(call, "X-Preferred-Partner-Id"), "partner-7");
  EXPECT_EQ(call.url, std::string{FakePartnerApi::kBaseUrl} + "/api/items");
}

TEST_F(ClientTest, CallerHeadersCannotOverrideTheSnapshot) {
  auto response = client->try_request("GET", "/api/items", {},
                                      {{"authorization", "Bearer forged"}, {"X-Trace", "t1"}});
  ASSERT_TRUE(response.ok()) << response.error().describe();
  const auto call = transport->requests(kApi).at(0);
  EXPECT_EQ(header(call, "Authorization"), "Bearer " + engine->current()->access_token);
  EXPECT_EQ(header(call, "X-Trace"), "t1");
}

TEST_F(ClientTest, PostsJsonBodies) {
  client->post("/api/items", {{"name", "x"}});
  const auto call = transport->requests(kApi).at(0);
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.body, R"({"name":"x"})");
  EXPECT_EQ(header(call, "Content-Type"), "application/json");
}

TEST_F(ClientTest, UnauthorizedClearsTheSessionAndIsNotRetried) {
  transport->reply_to(kApi, 401, R"({"error":"NotAuthorized"})");
  auto response = client->try_request("GET", "/api/items");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::session_expired);
  EXPECT_EQ(response.error().http_status, 401);
  EXPECT_EQ(transport->calls(kApi), 1);
  EXPECT_EQ(transport->calls(kRefresh), 0);
  EXPECT_EQ(engine->current(), nullptr);

  auto after = client->try_request("GET", "/api/items");
  EXPECT_EQ(after.error().code, Errc::session_expired);
  EXPECT_EQ(transport->calls(kApi), 1);  // nothing sent without a session
}

TEST_F(ClientTest, WithoutASessionNothingIsSent) {
  ASSERT_TRUE(engine->sign_out().ok());
  auto response = client->try_request("GET", "/api/items");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::not_signed_in);
  EXPECT_EQ(transport->calls(kApi), 0);
}

TEST_F(ClientTest, ThrowingFormThrowsAuthErrorOn401) {
  transport->reply_to(kApi, 401, "{}");
  try {
    client->get("/api/items");
    FAIL() << "expected AuthError";
  } catch (const HttpError&) {
    FAIL() << "a 401 is a session error, not an HttpError";
  } catch (const AuthError& error) {
    EXPECT_EQ(error.code(), Errc::session_expired);
  }
}

TEST_F(ClientTest, OtherStatusesAreHttpErrorsWithAnExcerpt) {
  transport->reply_to(kApi, 404, R"({"error":"no such item"})");
  try {
    client->get("/api/items/9?secret=1");
    FAIL() << "expected HttpError";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.code(), Errc::invalid_argument);
    EXPECT_EQ(error.body_excerpt(), R"({"error":"no such item"})");
    EXPECT_NE(std::string{error.what()}.find("no such item"), std::string::npos);
    EXPECT_EQ(std::string{error.what()}.find("secret=1"), std::string::npos);
  }
  EXPECT_NE(engine->current(), nullptr);  // only a 401 ends the session
}

TEST_F(ClientTest, ServerTroubleIsTransientWithRetryAfter) {
  transport->reply_to(kApi, 503, "down", {{"Retry-After", "9"}});
  auto response = client->try_request("GET", "/api/items");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_EQ(response.error().retry_after, seconds{9});
  EXPECT_EQ(response.error().http_status, 503);
}

TEST_F(ClientTest, ResultFormCarriesTheStatusToo) {
  transport->reply_to(kApi, 403, "{}");
  auto response = client->try_request("GET", "/api/items");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().http_status, 403);
  EXPECT_EQ(response.error().code, Errc::invalid_argument);
}

TEST_F(ClientTest, TransportFailuresAreTransient) {
  transport->fail_to(kApi, TransportErrc::timeout, "GET /api/items: Timeout was reached");
  transport->fail_to(kApi, TransportErrc::connect_failed, "GET /api/items: refused");
  for (int i = 0; i < 2; ++i) {
    auto response = client->try_request("GET", "/api/items");
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Errc::transient);
  }
  EXPECT_NE(engine->current(), nullptr);
}

TEST_F(ClientTest, JsonIsParsedOnDemand) {
  transport->reply_to(kApi, 200, "not json");
  auto response = client->try_request("GET", "/api/items");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->body, "not json");
  EXPECT_EQ(response->try_json().error().code, Errc::transient);
  EXPECT_THROW(response->json(), AuthError);
}

TEST_F(ClientTest, ErrorBodiesNeverLeakTheSessionsTokens) {
  const auto session = engine->current();
  transport->reply_to(
      kApi, 500,
      "echo: " + session->access_token + " " + session->id_token + " " + session->refresh_token);
  auto response = client->try_request("GET", "/api/items");
  ASSERT_FALSE(response.ok());
  const std::string text = response.error().describe();
  EXPECT_EQ(text.find(session->access_token), std::string::npos) << text;
  EXPECT_EQ(text.find(session->id_token), std::string::npos) << text;
  EXPECT_EQ(text.find(session->refresh_token), std::string::npos) << text;
  EXPECT_NE(text.find("[redacted]"), std::string::npos) << text;
}

TEST_F(ClientTest, RefreshesBeforeTheCallInTheRefreshWindow) {
  const std::string before = engine->current()->access_token;
  clock->advance(minutes{58});  // soft window: refreshed inline by this test's executor
  client->get("/api/items");
  EXPECT_EQ(transport->calls(kRefresh), 1);
  clock->advance(seconds{1});
  client->get("/api/items");
  const auto calls = transport->requests(kApi);
  EXPECT_NE(header(calls.back(), "Authorization"), "Bearer " + before);
  EXPECT_EQ(header(calls.back(), "Authorization"), "Bearer " + engine->current()->access_token);
  EXPECT_EQ(engine->current()->refresh_token, refresh_token());  // not rotated
}

TEST_F(ClientTest, NoSecretReachesErrorsOrTheLogWhenEverythingFails) {
  const std::string secret = refresh_token();
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  std::vector<std::string> texts;
  transport->reply_to(kRefresh, 500, secret);
  clock->advance(minutes{59} + seconds{45});  // hard window: the call waits for the refresh
  auto transient = client->try_request("GET", "/api/items");
  if (!transient.ok()) texts.push_back(transient.error().describe());
  transport->reply_to(kRefresh, 401, secret);
  clock->advance(minutes{1});
  auto expired = client->try_request("GET", "/api/items");
  ASSERT_FALSE(expired.ok());
  texts.push_back(expired.error().describe());
  texts.push_back(::testing::internal::GetCapturedStdout());
  texts.push_back(::testing::internal::GetCapturedStderr());

  PartnerAuthenticator auth({FakePartnerApi::kBaseUrl, false, transport});
  auto wrong = auth.sign_in({"alice", "hunter2-password"});
  texts.push_back(wrong.error().describe());
  for (const auto& text : texts) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
    EXPECT_EQ(text.find("REFRESH-SECRET"), std::string::npos) << text;
    EXPECT_EQ(text.find(FakePartnerApi::kPassword), std::string::npos) << text;
    EXPECT_EQ(text.find("hunter2-password"), std::string::npos) << text;
  }
  EXPECT_EQ(expired.error().code, Errc::session_expired);
}

}  // namespace
}  // namespace freshauth
