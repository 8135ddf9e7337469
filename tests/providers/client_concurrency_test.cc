// Many threads calling the API through one Client while the session needs refreshing: exactly
// one refresh reaches the server. Built under ThreadSanitizer as well.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <latch>
#include <thread>

#include "core/token_claims.h"
#include "freshauth/http/client.h"
#include "freshauth/http/curl_transport.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/partner_idp.h"
#include "support/session_events.h"

namespace freshauth {
namespace {

using server::FaultGate;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::PartnerIdp;

constexpr const char* kApi = PartnerIdp::kApi;
constexpr const char* kRefresh = PartnerIdp::kRefresh;

class ClientConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.observers = {signal};
    engine = std::make_unique<SessionEngine>(
        std::make_shared<PartnerAuthenticator>(
            PartnerAuthenticatorOptions{partner.base_url(), false, transport}),
        options);
    ASSERT_TRUE(sign_in("alice"));
    client = std::make_unique<Client>(*engine, ClientOptions{partner.base_url(), transport, {}});
  }

  bool sign_in(const std::string& user) {
    return engine->sign_in({user, PartnerIdp::kPassword}, {"p-" + user, {}, {}}).ok();
  }

  // Runs a GET once on each of `callers` threads released together, then `meanwhile` on this
  // thread once all of them are about to call; returns the failures.
  std::vector<std::string> run_callers(int callers, const std::function<void()>& meanwhile = {}) {
    std::latch start(callers + 1);
    std::atomic<int> calling{0};
    std::mutex mutex;
    std::vector<std::string> failures;
    {
      std::vector<std::jthread> threads;
      threads.reserve(callers);
      for (int i = 0; i < callers; ++i) {
        threads.emplace_back([&] {
          start.arrive_and_wait();
          ++calling;
          auto response = client->try_request("GET", "/api/user");
          if (!response.ok()) {
            const std::lock_guard lock(mutex);
            failures.push_back(response.error().describe());
          }
        });
      }
      start.arrive_and_wait();
      if (meanwhile) {
        while (calling.load() < callers) std::this_thread::yield();
        meanwhile();
      }
    }
    return failures;
  }

  void expect_one_refresh_in_hard_window(int callers) {
    const std::string before = engine->current()->access_token;
    // 15 s left: below the 30 s hard window, so every caller needs the new token. The refresh
    // is held at the idp until it has arrived and every caller has been released, so they
    // arrive while it is in flight.
    clock->advance(minutes{59} + seconds{45});
    const auto refresh = std::make_shared<FaultGate>();
    partner.faults().script(kRefresh, {.gate = refresh});
    const auto failures = run_callers(callers, [&] {
      EXPECT_TRUE(refresh->wait_for_arrivals(1, std::chrono::seconds{60}))
          << "no refresh reached the idp";
      refresh->open();
    });
    EXPECT_TRUE(failures.empty()) << failures.size() << " failed, e.g. " << failures.front();
    EXPECT_EQ(partner.faults().calls(kRefresh), 1);
    const auto calls = partner.faults().recorded(kApi);
    EXPECT_EQ(static_cast<int>(calls.size()), callers);
    const std::string after = "Bearer " + engine->current()->access_token;
    for (const auto& call : calls) ASSERT_EQ(call.authorization, after);
    EXPECT_NE(after, "Bearer " + before);
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  PartnerIdp partner{clock};
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
  ASSERT_TRUE(signal->wait_for_refreshes(1)) << "no background refresh within the deadline";
  EXPECT_EQ(partner.faults().calls(kRefresh), 1);
  EXPECT_EQ(partner.faults().calls(kApi), 20);
  for (const auto& call : partner.faults().recorded(kApi)) EXPECT_EQ(call.partner_id, "p-alice");
  client->get("/api/user");
  EXPECT_NE(partner.faults().recorded(kApi).back().authorization, before);
  EXPECT_EQ(partner.faults().calls(kRefresh), 1);
}

TEST_F(ClientConcurrencyTest, TwentyCallersInTheHardWindowWaitForOneRefresh) {
  expect_one_refresh_in_hard_window(20);
}

TEST_F(ClientConcurrencyTest, AThousandCallersInTheHardWindowWaitForOneRefresh) {
  expect_one_refresh_in_hard_window(1000);
}

TEST_F(ClientConcurrencyTest, An401ClearsTheSessionOnceAndNothingIsRetried) {
  partner.faults().script_always(kApi, {.status = 401, .body = "{}"});
  const auto failures = run_callers(50);
  EXPECT_EQ(failures.size(), 50U);
  EXPECT_LE(partner.faults().calls(kApi), 50);  // one call per request at most, never a retry
  EXPECT_EQ(partner.faults().calls(kRefresh), 0);
  EXPECT_EQ(engine->current(), nullptr);
}

TEST_F(ClientConcurrencyTest, TokenAndPartnerAlwaysComeFromTheSameSession) {
  std::atomic<bool> done{false};
  std::vector<std::jthread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      while (!done.load()) (void)client->try_request("GET", "/api/user");
    });
  }
  // At least 20 switches, and on until the callers have been scheduled often enough to have
  // raced them: on a loaded machine 20 sign-ins can all finish before any caller runs.
  for (int i = 0; i < 20 || partner.faults().calls(kApi) < 200; ++i) {
    ASSERT_TRUE(sign_in(i % 2 == 0 ? "bob" : "alice"));
  }
  done = true;
  callers.clear();
  const auto calls = partner.faults().recorded(kApi);
  ASSERT_FALSE(calls.empty());
  for (const auto& call : calls) {
    auto claims = decode_claims(call.authorization.substr(std::string{"Bearer "}.size()));
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(call.partner_id, "p-" + claims->payload["username"].get<std::string>());
  }
}

}  // namespace
}  // namespace freshauth
