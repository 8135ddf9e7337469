#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "gateway/bff_fixture.h"
#include "support/redis_server.h"
#include "support/wait_until.h"

// Three BFF replicas sharing their sessions and pending sign-ins in one redis-server, a
// browser's calls spread over them as a load balancer would (docs/fleet.md).
namespace freshauth::testing {
namespace {

class BffFleetTest : public BffGatewayTest {
 protected:
  void SetUp() override {
    redis_ = std::make_unique<RedisServer>(/*persistent=*/true);
    FRESHAUTH_START_REDIS(*redis_);
    // Redis expires records at sign-in plus the absolute timeout, in real time.
    clock_ = std::make_shared<ManualClock>(
        std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()));
    BffGatewayTest::SetUp();
    for (int i = 0; i < 2; ++i) {
      auto started = gateway::BffGateway::start(gateway_options());
      ASSERT_TRUE(started) << started.error().describe();
      sites_.push_back(
          std::make_unique<HttpProbe>("http://127.0.0.1:" + std::to_string((*started)->port())));
      replicas_.push_back(std::move(*started));
    }
  }
  void TearDown() override {
    sites_.clear();
    replicas_.clear();
  }

  void store_sessions(gateway::BffOptions& options) override {
    options.redis = gateway::SessionRedis{redis_->endpoint(), key_, "bff-fleet:"};
    // One refresh per token lifetime (a minute before its end, jitter included), so that the
    // count below is in lifetimes: by default a 10-minute token is refreshed at half-life.
    options.policy.threshold = 1min;
  }

  // Replica 0 is the fixture's own gateway, the one sign_in() goes through.
  HttpProbe& replica(int index) { return index % 3 == 0 ? *site_ : *sites_[index % 3 - 1]; }
  HttpResult call_api_at(Browser& browser, int index) {
    return browser.get(replica(index), "/api/items", {{"X-CSRF", "1"}, {"Origin", kOrigin}});
  }
  int token_calls() { return idp_->faults().calls("/oauth2/token"); }
  static std::string error_of(const HttpResponse& answer) {
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].get<std::string>() : "";
  }
  // 503 {"error":"store_unavailable"} with a Retry-After, and no cookie that signs anybody in.
  static void expect_store_unavailable(const HttpResult& answer, const std::string& what) {
    ASSERT_TRUE(answer) << what << ": " << answer.error().message;
    EXPECT_EQ(answer->status, 503) << what << ": " << answer->body;
    EXPECT_EQ(error_of(*answer), "store_unavailable") << what << ": " << answer->body;
    EXPECT_FALSE(header_of(*answer, "Retry-After").empty()) << what;
    for (const auto& [name, value] : answer->headers.fields()) {
      EXPECT_FALSE(equals_ignoring_case(name, "Set-Cookie") &&
                   value.starts_with("__Host-freshauth-session="))
          << what << ": " << value;
    }
  }

  std::unique_ptr<RedisServer> redis_;
  std::vector<std::unique_ptr<gateway::BffGateway>> replicas_;
  std::vector<std::unique_ptr<HttpProbe>> sites_;
};

TEST_F(BffFleetTest, ThreeReplicasServeEverySessionAndRefreshItOncePerLifetime) {
  constexpr int kBrowsers = 3;
  constexpr int kLifetimes = 3;
  std::vector<Browser> browsers(kBrowsers);
  for (auto& browser : browsers) ASSERT_EQ(sign_in(browser)->status, 200);
  const int after_sign_in = token_calls();

  int failed = 0;
  int step = 0;
  for (auto elapsed = 0s; elapsed < kLifetimes * kLifetime; elapsed += 20s, ++step) {
    for (int b = 0; b < kBrowsers; ++b) {
      auto answer = call_api_at(browsers[b], step + b);
      if (!answer || answer->status != 200) {
        ++failed;
        ADD_FAILURE() << "at " << elapsed.count()
                      << " s: " << (answer ? answer->body : answer.error().message);
      }
    }
    clock_->advance(20s);
  }
  EXPECT_EQ(failed, 0);
  const int refreshes = token_calls() - after_sign_in;
  EXPECT_GE(refreshes, kBrowsers * (kLifetimes - 1));
  EXPECT_LE(refreshes, static_cast<int>(1.05 * kBrowsers * kLifetimes));
}

TEST_F(BffFleetTest, AnotherReplicaSaysWhoIsSignedInAndSignsOutForTheWholeFleet) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  auto who = browser.get(replica(1), "/auth/session");
  ASSERT_TRUE(who && who->status == 200);
  EXPECT_EQ(nlohmann::json::parse(who->body)["signed_in"], true) << who->body;

  ASSERT_EQ(call_api_at(browser, 0)->status, 200);
  Browser stolen;  // whoever copied the cookie before the user signed out
  stolen.cookies = browser.cookies;

  auto out = browser.send(replica(2), "POST", "/auth/logout", {{"X-CSRF", "1"}});
  ASSERT_TRUE(out && out->status == 200);
  EXPECT_EQ(nlohmann::json::parse(out->body)["signed_out"], true) << out->body;
  EXPECT_TRUE(idp_->faults().wait_for_calls("/oauth2/revoke", 1)) << "revoked at the provider";
  EXPECT_EQ(call_api_at(stolen, 2)->status, 401);
  // Replica 0 still holds a copy: it checks the record at most every 30 s of use, then drops it.
  clock_->advance(31s);
  const auto status_at_0 = [&] { return call_api_at(stolen, 0)->status; };
  EXPECT_TRUE(wait_until([&] { return status_at_0() == 401; }, std::chrono::seconds{30}))
      << "the copy at replica 0 outlived the sign-out";
}

TEST_F(BffFleetTest, ASignInBegunAtOneReplicaFinishesAtAnotherAndItsStateServesOnce) {
  Browser browser;
  auto approved = authorize(browser, replica(0), "/app/orders");
  ASSERT_TRUE(approved && approved->status == 302);
  const std::string callback = callback_target(*approved);
  const auto login_cookie = browser.cookies;
  const int exchanges_before = token_calls();

  auto finished = browser.get(replica(1), callback);
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->status, 200) << finished->body;
  EXPECT_NE(finished->body.find("/app/orders"), std::string::npos) << "the return-to came along";
  EXPECT_EQ(browser.cookies.count("__Host-freshauth-session"), 1u);
  EXPECT_EQ(call_api_at(browser, 2)->status, 200);
  EXPECT_EQ(call_api_at(browser, 0)->status, 200);

  for (int i = 0; i < 3; ++i) {
    Browser replayer;  // the same login cookie, the same callback URL
    replayer.cookies = login_cookie;
    auto again = replayer.get(replica(i), callback);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 400) << "replica " << i << ": " << again->body;
    EXPECT_EQ(error_of(*again), "invalid_state") << again->body;
    EXPECT_EQ(replayer.cookies.count("__Host-freshauth-session"), 0u);
  }
  EXPECT_EQ(token_calls() - exchanges_before, 1) << "a replayed state never reaches the provider";
}

TEST_F(BffFleetTest, OneCallbackBroughtToTwoReplicasAtOnceSignsInOnce) {
  Browser browser;
  auto approved = authorize(browser, replica(0));
  ASSERT_TRUE(approved && approved->status == 302);
  const std::string callback = callback_target(*approved);
  const int exchanges_before = token_calls();
  std::vector<Browser> tabs(2, browser);
  std::vector<std::optional<HttpResult>> answers(2);
  {
    std::jthread first([&] { answers[0].emplace(tabs[0].get(replica(1), callback)); });
    std::jthread second([&] { answers[1].emplace(tabs[1].get(replica(2), callback)); });
  }
  int signed_in = 0;
  for (const auto& answer : answers) {
    ASSERT_TRUE(answer && *answer);
    if ((*answer)->status == 200) {
      ++signed_in;
    } else {
      EXPECT_EQ((*answer)->status, 400) << (*answer)->body;
      EXPECT_EQ(error_of(**answer), "invalid_state") << (*answer)->body;
    }
  }
  EXPECT_EQ(signed_in, 1);
  EXPECT_EQ(token_calls() - exchanges_before, 1);
}

TEST_F(BffFleetTest, WhileRedisIsDownTheGatewayAnswers503StoreUnavailableAndAfterItAllWorks) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  ASSERT_EQ(call_api_at(browser, 1)->status, 200);
  Browser midway;  // begins signing in before the outage and comes back during it
  auto approved = authorize(midway, replica(0));
  ASSERT_TRUE(approved && approved->status == 302);

  redis_->stop();
  expect_store_unavailable(call_api_at(browser, 2), "an API call at a replica new to the session");
  expect_store_unavailable(browser.get(replica(2), "/auth/session"),
                           "/auth/session at a replica new to the session, not signed_in:false");
  EXPECT_EQ(call_api_at(browser, 1)->status, 200) << "a fresh copy is served while it lasts";
  auto known = browser.get(replica(1), "/auth/session");
  ASSERT_TRUE(known);
  EXPECT_EQ(known->status, 200);
  EXPECT_TRUE(nlohmann::json::parse(known->body).value("signed_in", false)) << known->body;
  Browser newcomer;
  expect_store_unavailable(newcomer.get(replica(1), "/auth/login"), "/auth/login");
  EXPECT_TRUE(newcomer.cookies.empty()) << "no login cookie for a sign-in that was not kept";
  expect_store_unavailable(midway.get(replica(2), callback_target(*approved)), "/auth/callback");
  EXPECT_EQ(midway.cookies.count("__Host-freshauth-session"), 0u);

  // Back, and no gateway was restarted: the sign-in begun before the outage finishes, at yet
  // another replica, and new ones work across replicas.
  ASSERT_TRUE(redis_->start());
  auto finished = midway.get(replica(1), callback_target(*approved));
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->status, 200) << finished->body;
  EXPECT_EQ(call_api_at(midway, 2)->status, 200);
  Browser later;
  auto later_approved = authorize(later, replica(2));
  ASSERT_TRUE(later_approved && later_approved->status == 302);
  auto later_finished = later.get(replica(0), callback_target(*later_approved));
  ASSERT_TRUE(later_finished);
  EXPECT_EQ(later_finished->status, 200) << later_finished->body;
  EXPECT_EQ(call_api_at(later, 1)->status, 200);

  // Down again past the token's expiry: the refresh needs the store, and so does every
  // attempt while it backs off.
  redis_->stop();
  clock_->advance(kLifetime + 10s);
  expect_store_unavailable(call_api_at(browser, 0), "a call whose token has expired");
  expect_store_unavailable(call_api_at(browser, 0), "the same call while refreshes back off");

  ASSERT_TRUE(redis_->start());
  clock_->advance(1min);  // past the backoff of the failed refreshes
  for (int i = 0; i < 3; ++i) {
    for (Browser* user : {&browser, &midway, &later}) {
      auto answer = call_api_at(*user, i);
      ASSERT_TRUE(answer);
      EXPECT_EQ(answer->status, 200) << "replica " << i << ": " << answer->body;
    }
  }
}

}  // namespace
}  // namespace freshauth::testing
