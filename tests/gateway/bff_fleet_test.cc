#include <gtest/gtest.h>

#include "gateway/bff_fixture.h"
#include "support/redis_server.h"
#include "support/wait_until.h"

// Three BFF replicas sharing their sessions in one redis-server, a browser's calls spread over
// them as a load balancer would (docs/fleet.md).
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

  // Replica 0 is the fixture's own gateway: the one sign-ins go through (pending logins are
  // kept per replica, see docs/fleet.md).
  HttpProbe& replica(int index) { return index % 3 == 0 ? *site_ : *sites_[index % 3 - 1]; }
  HttpResult call_api_at(Browser& browser, int index) {
    return browser.get(replica(index), "/api/items", {{"X-CSRF", "1"}, {"Origin", kOrigin}});
  }
  int token_calls() { return idp_->faults().calls("/oauth2/token"); }

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

TEST_F(BffFleetTest, WhileRedisIsDownCallsGetA503JsonErrorAndAfterItAllReplicasServeAgain) {
  Browser browser;
  ASSERT_EQ(sign_in(browser)->status, 200);
  ASSERT_EQ(call_api_at(browser, 1)->status, 200);

  redis_->stop();
  auto unseen = call_api_at(browser, 2);  // this replica never saw the session
  ASSERT_TRUE(unseen);
  EXPECT_EQ(unseen->status, 503) << unseen->body;
  EXPECT_TRUE(nlohmann::json::parse(unseen->body).contains("error")) << unseen->body;
  EXPECT_EQ(call_api_at(browser, 1)->status, 200) << "a fresh copy is served while it lasts";
  Browser newcomer;
  auto refused = sign_in(newcomer);  // the session cannot be stored: no half sign-in
  ASSERT_TRUE(refused);
  EXPECT_GE(refused->status, 500) << refused->body;
  EXPECT_TRUE(nlohmann::json::parse(refused->body).contains("error")) << refused->body;
  EXPECT_EQ(newcomer.cookies.count("__Host-freshauth-session"), 0u);
  clock_->advance(kLifetime + 10s);
  auto expired = call_api_at(browser, 0);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 503) << expired->body;

  ASSERT_TRUE(redis_->start());
  clock_->advance(1min);  // past the backoff of the failed refreshes
  for (int i = 0; i < 3; ++i) {
    auto answer = call_api_at(browser, i);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200) << "replica " << i << ": " << answer->body;
  }
}

}  // namespace
}  // namespace freshauth::testing
