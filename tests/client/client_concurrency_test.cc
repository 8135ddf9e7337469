// Many threads calling the API through one Client while the session needs refreshing: exactly
// one refresh goes out. Over a FakeTransport answering as the partner API, whose gate holds the
// refresh until every caller has arrived. Built under ThreadSanitizer as well.
#include <gtest/gtest.h>

#include <condition_variable>
#include <latch>
#include <thread>

#include "freshauth/client/client.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/fake_partner_api.h"
#include "support/session_events.h"

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

// Counts callers that reached the point just before their call; a test waits for all of them.
class Arrivals {
 public:
  void arrive() {
    const std::lock_guard lock(mutex_);
    ++count_;
    changed_.notify_all();
  }
  [[nodiscard]] bool wait_for(int count, std::chrono::seconds deadline = seconds{60}) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return count_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

class ClientConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.observers = {signal};
    engine = std::make_unique<SessionEngine>(
        std::make_shared<PartnerAuthenticator>(
            PartnerAuthenticatorOptions{FakePartnerApi::kBaseUrl, false, transport}),
        options);
    ASSERT_TRUE(sign_in("alice"));
    client =
        std::make_unique<Client>(*engine, ClientOptions{FakePartnerApi::kBaseUrl, transport, {}});
  }

  bool sign_in(const std::string& user) {
    return engine->sign_in({user, FakePartnerApi::kPassword}, {"p-" + user, {}, {}}).ok();
  }

  // Runs one call on each of `callers` threads; `while_running` runs once every thread has
  // arrived at its call. Returns the failures.
  std::vector<std::string> run_callers(int callers, const std::function<void()>& while_running) {
    std::latch start(callers + 1);
    Arrivals arrivals;
    std::mutex mutex;
    std::vector<std::string> failures;
    {
      std::vector<std::jthread> threads;
      threads.reserve(callers);
      for (int i = 0; i < callers; ++i) {
        threads.emplace_back([&] {
          start.arrive_and_wait();
          arrivals.arrive();
          auto response = client->try_request("GET", "/api/items");
          if (!response.ok()) {
            const std::lock_guard lock(mutex);
            failures.push_back(response.error().describe());
          }
        });
      }
      start.arrive_and_wait();
      EXPECT_TRUE(arrivals.wait_for(callers)) << "callers did not arrive before the deadline";
      while_running();
    }
    return failures;
  }

  void expect_one_refresh_in_hard_window(int callers) {
    const std::string before = engine->current()->access_token;
    // 15 s left: below the 30 s hard window, so every caller needs the new token and waits for
    // the one refresh, which the gate holds until all of them have arrived. A caller counted as
    // arrived but not yet inside the engine when the gate opens finds the new session fresh: it
    // cannot start a second refresh either.
    clock->advance(minutes{59} + seconds{45});
    transport->hold(kRefresh);
    const auto failures = run_callers(callers, [&] {
      EXPECT_TRUE(transport->wait_until_held(1)) << "no refresh reached the transport";
      EXPECT_EQ(transport->calls(kApi), 0) << "an API call went out before the refresh";
      transport->release();
    });
    EXPECT_TRUE(failures.empty()) << failures.size() << " failed, e.g. " << failures.front();
    EXPECT_EQ(transport->calls(kRefresh), 1);
    const auto calls = transport->requests(kApi);
    EXPECT_EQ(static_cast<int>(calls.size()), callers);
    const std::string after = "Bearer " + engine->current()->access_token;
    for (const auto& call : calls) ASSERT_EQ(header(call, "Authorization"), after);
    EXPECT_NE(after, "Bearer " + before);
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  FakePartnerApi api{*clock, seconds{3600}};
  std::shared_ptr<testing::FakeTransport> transport = FakePartnerApi::transport_for(api);
  std::shared_ptr<testing::SessionEvents> signal = std::make_shared<testing::SessionEvents>();
  std::unique_ptr<SessionEngine> engine;
  std::unique_ptr<Client> client;
};

TEST_F(ClientConcurrencyTest, TwentyCallersInTheSoftWindowShareOneBackgroundRefresh) {
  const std::string before = "Bearer " + engine->current()->access_token;
  clock->advance(minutes{56});  // 4 min left: under the 5 min threshold
  // The background refresh is held: every caller is served with the current token meanwhile.
  transport->hold(kRefresh);
  const auto failures = run_callers(20, [] {});
  EXPECT_TRUE(failures.empty()) << failures.front();
  EXPECT_TRUE(transport->wait_until_held(1));
  transport->release();
  ASSERT_TRUE(signal->wait_for_refreshes(1));
  EXPECT_EQ(transport->calls(kRefresh), 1);
  EXPECT_EQ(transport->calls(kApi), 20);
  for (const auto& call : transport->requests(kApi)) {
    EXPECT_EQ(header(call, "Authorization"), before);
    EXPECT_EQ(header(call, "X-Preferred-Partner-Id"), "p-alice");
  }
  client->get("/api/after");
  EXPECT_NE(header(transport->requests(kApi).back(), "Authorization"), before);
  EXPECT_EQ(transport->calls(kRefresh), 1);
}

TEST_F(ClientConcurrencyTest, TwentyCallersInTheHardWindowWaitForOneRefresh) {
  expect_one_refresh_in_hard_window(20);
}

TEST_F(ClientConcurrencyTest, AThousandCallersInTheHardWindowWaitForOneRefresh) {
  expect_one_refresh_in_hard_window(1000);
}

TEST_F(ClientConcurrencyTest, An401ClearsTheSessionOnceAndNothingIsRetried) {
  for (int i = 0; i < 50; ++i) transport->reply_to(kApi, 401, "{}");
  const auto failures = run_callers(50, [] {});
  EXPECT_EQ(failures.size(), 50U);
  EXPECT_LE(transport->calls(kApi), 50);  // one call per request at most, never a retry
  EXPECT_EQ(transport->calls(kRefresh), 0);
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
  // Each switch waits for calls made after it, so the callers run across all twenty.
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(sign_in(i % 2 == 0 ? "bob" : "alice"));
    ASSERT_TRUE(transport->wait_for_calls(kApi, transport->calls(kApi) + 8));
  }
  done = true;
  callers.clear();
  const auto calls = transport->requests(kApi);
  ASSERT_FALSE(calls.empty());
  for (const auto& call : calls) {
    auto claims =
        decode_claims(header(call, "Authorization").substr(std::string{"Bearer "}.size()));
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(header(call, "X-Preferred-Partner-Id"),
              "p-" + claims->payload["sub"].get<std::string>());
  }
}

}  // namespace
}  // namespace freshauth
