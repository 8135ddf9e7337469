// Many threads calling the API through one Client while the session needs refreshing: exactly
// one refresh reaches the server. Built under ThreadSanitizer as well.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "core/token_claims.h"
#include "freshauth/client/client.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/partner_test_server.h"
#include "support/session_events.h"

namespace freshauth {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::PartnerTestServer;

constexpr const char* kApi = PartnerTestServer::kApi;
constexpr const char* kRefresh = PartnerTestServer::kRefresh;

class ClientConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.observers = {signal};
    engine = std::make_unique<SessionEngine>(
        std::make_shared<PartnerAuthenticator>(
            PartnerAuthenticatorOptions{server.base_url(), false, transport}),
        options);
    ASSERT_TRUE(sign_in("alice"));
    client = std::make_unique<Client>(*engine, ClientOptions{server.base_url(), transport, {}});
  }

  bool sign_in(const std::string& user) {
    return engine->sign_in({user, PartnerTestServer::kPassword}, {"p-" + user, {}, {}}).ok();
  }

  // Runs `call` once on each of `callers` threads released together; returns the failures.
  std::vector<std::string> run_callers(int callers) {
    std::latch start(callers + 1);
    std::mutex mutex;
    std::vector<std::string> failures;
    {
      std::vector<std::jthread> threads;
      threads.reserve(callers);
      for (int i = 0; i < callers; ++i) {
        threads.emplace_back([&] {
          start.arrive_and_wait();
          auto response = client->try_request("GET", "/api/items");
          if (!response.ok()) {
            const std::lock_guard lock(mutex);
            failures.push_back(response.error().describe());
          }
        });
      }
      start.arrive_and_wait();
    }
    return failures;
  }

  void expect_one_refresh_in_hard_window(int callers) {
    const std::string before = engine->current()->access_token;
    // 15 s left: below the 30 s hard window, so every caller needs the new token. The slow
    // refresh keeps it in flight while all of them arrive.
    clock->advance(minutes{59} + seconds{45});
    server.script(kRefresh, {.status = 200, .delay = milliseconds{200}});
    const auto failures = run_callers(callers);
    EXPECT_TRUE(failures.empty()) << failures.size() << " failed, e.g. " << failures.front();
    EXPECT_EQ(server.calls(kRefresh), 1);
    const auto calls = server.recorded(kApi);
    EXPECT_EQ(static_cast<int>(calls.size()), callers);
    const std::string after = "Bearer " + engine->current()->access_token;
    for (const auto& call : calls) ASSERT_EQ(call.authorization, after);
    EXPECT_NE(after, "Bearer " + before);
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  PartnerTestServer server{*clock, seconds{3600}, /*threads=*/64};
  std::shared_ptr<CurlTransport> transport = std::make_shared<CurlTransport>();
  std::shared_ptr<testing::SessionEvents> signal = std::make_shared<testing::SessionEvents>();
  std::unique_ptr<SessionEngine> engine;
  std::unique_ptr<Client> client;
};

TEST_F(ClientConcurrencyTest, TwentyCallersInTheSoftWindowShareOneBackgroundRefresh) {
  const std::string before = "Bearer " + engine->current()->access_token;
  clock->advance(minutes{56});  // 4 min left: under the 5 min threshold
  const auto failures = run_callers(20);
  EXPECT_TRUE(failures.empty()) << failures.front();
  signal->wait_for_refreshes(1);
  EXPECT_EQ(server.calls(kRefresh), 1);
  EXPECT_EQ(server.calls(kApi), 20);
  for (const auto& call : server.recorded(kApi)) EXPECT_EQ(call.partner_id, "p-alice");
  client->get("/api/after");
  EXPECT_NE(server.recorded(kApi).back().authorization, before);
  EXPECT_EQ(server.calls(kRefresh), 1);
}

TEST_F(ClientConcurrencyTest, TwentyCallersInTheHardWindowWaitForOneRefresh) {
  expect_one_refresh_in_hard_window(20);
}

TEST_F(ClientConcurrencyTest, AThousandCallersInTheHardWindowWaitForOneRefresh) {
  expect_one_refresh_in_hard_window(1000);
}

TEST_F(ClientConcurrencyTest, An401ClearsTheSessionOnceAndNothingIsRetried) {
  server.script_always(kApi, {.status = 401, .body = "{}"});
  const auto failures = run_callers(50);
  EXPECT_EQ(failures.size(), 50U);
  EXPECT_LE(server.calls(kApi), 50);  // one call per request at most, never a retry
  EXPECT_EQ(server.calls(kRefresh), 0);
  EXPECT_EQ(engine->current(), nullptr);
}

TEST_F(ClientConcurrencyTest, TokenAndPartnerAlwaysComeFromTheSameSession) {
  std::atomic<bool> done{false};
  std::vector<std::jthread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      while (!done.load()) (void)client->try_request("GET", "/api/items");
    });
  }
  // At least 20 switches, and on until the callers have been scheduled often enough to have
  // raced them: on a loaded machine 20 sign-ins can all finish before any caller runs.
  for (int i = 0; i < 20 || server.calls(kApi) < 200; ++i) {
    ASSERT_TRUE(sign_in(i % 2 == 0 ? "bob" : "alice"));
  }
  done = true;
  callers.clear();
  const auto calls = server.recorded(kApi);
  ASSERT_FALSE(calls.empty());
  for (const auto& call : calls) {
    auto claims = decode_claims(call.authorization.substr(std::string{"Bearer "}.size()));
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(call.partner_id, "p-" + claims->payload["sub"].get<std::string>());
  }
}

}  // namespace
}  // namespace freshauth
