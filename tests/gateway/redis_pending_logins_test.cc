#include "gateway/redis_pending_logins.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "freshauth/core/store_unavailable.h"
#include "support/redis_server_test.h"

// Sign-ins waiting in a redis-server of the test's own (a Unix socket in a temporary folder).
namespace freshauth::gateway {
namespace {

using std::chrono::minutes;
using testing::RedisServerTest;

const TimePoint kStarted = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());

PendingLogin sample(std::string binding = "binding-of-browser-a") {
  return {"verifier-0123456789abcdefghijklmnopqrstuvwxyz", "nonce-0123456789", "/app/orders",
          std::move(binding), kStarted};
}

class RedisPendingLoginsTest : public RedisServerTest {
 protected:
  void SetUp() override {
    RedisServerTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    auto logins = RedisPendingLogins::open(client_, key_, {.prefix = "app1:"});
    ASSERT_TRUE(logins) << logins.error().describe();
    logins_ = *logins;
  }
  // Asserts that the store answered; what it answered.
  std::optional<PendingLogin> take(const std::string& state, TimePoint now = kStarted) {
    auto taken = logins_->take(state, now);
    EXPECT_TRUE(taken) << taken.error().describe();
    return taken ? *taken : std::nullopt;
  }

  EncryptionKey key_ = EncryptionKey::generate();
  std::shared_ptr<RedisPendingLogins> logins_;
};

TEST_F(RedisPendingLoginsTest, ALoginIsTakenOnceAndAsItWasPut) {
  ASSERT_TRUE(logins_->put("state-1", sample()));
  auto taken = take("state-1");
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->code_verifier, sample().code_verifier);
  EXPECT_EQ(taken->nonce, sample().nonce);
  EXPECT_EQ(taken->return_to, sample().return_to);
  EXPECT_EQ(taken->browser_binding, sample().browser_binding);
  EXPECT_EQ(std::chrono::time_point_cast<std::chrono::milliseconds>(taken->started_at),
            std::chrono::time_point_cast<std::chrono::milliseconds>(kStarted));
  EXPECT_FALSE(take("state-1")) << "replayed";
  EXPECT_EQ(raw({"EXISTS", logins_->redis_key("state-1")}).integer, 0);
  EXPECT_FALSE(take("never-put"));
}

TEST_F(RedisPendingLoginsTest, ReplicasSharingTheRedisAndKeyTakeEachOthersLogins) {
  auto other = RedisPendingLogins::open(client_, key_, {.prefix = "app1:"});
  ASSERT_TRUE(other) << other.error().describe();
  ASSERT_TRUE(logins_->put("state-1", sample()));
  auto taken = (*other)->take("state-1", kStarted);
  ASSERT_TRUE(taken && *taken);
  EXPECT_EQ((*taken)->code_verifier, sample().code_verifier);
  EXPECT_FALSE(take("state-1")) << "taken once across the fleet";
}

TEST_F(RedisPendingLoginsTest, TheKeyLivesForTheLoginsLifetimeOnly) {
  ASSERT_TRUE(logins_->put("state-1", sample()));
  const auto ttl = raw({"PTTL", logins_->redis_key("state-1")}).integer;
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, std::chrono::milliseconds{kPendingLoginLifetime}.count());

  // Expired by the gateway's clock, even if Redis still has it: taken, and nothing.
  EXPECT_FALSE(take("state-1", kStarted + kPendingLoginLifetime));
  EXPECT_EQ(raw({"EXISTS", logins_->redis_key("state-1")}).integer, 0);

  // Expired by Redis: a few milliseconds' time to live, then gone.
  ASSERT_TRUE(logins_->put("state-2", sample()));
  ASSERT_EQ(raw({"PEXPIRE", logins_->redis_key("state-2"), "5"}).integer, 1);
  ASSERT_TRUE(testing::wait_until_expired(*client_, logins_->redis_key("state-2")));
  EXPECT_FALSE(take("state-2"));
}

TEST_F(RedisPendingLoginsTest, NothingReadableAboutALoginSitsInRedis) {
  ASSERT_TRUE(logins_->put("state-secret-0123456789", sample()));
  const std::string key = logins_->redis_key("state-secret-0123456789");
  const std::string value = raw({"GET", key}).text;
  ASSERT_FALSE(value.empty());
  for (const std::string& part : {sample().code_verifier, sample().nonce, sample().return_to,
                                  sample().browser_binding, std::string{"/app"}}) {
    EXPECT_EQ(value.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(key.find("state-secret"), std::string::npos) << "the state is not in the key either";
}

TEST_F(RedisPendingLoginsTest, AnEditedOrMovedValueIsRejected) {
  ASSERT_TRUE(logins_->put("state-1", sample()));
  const std::string key = logins_->redis_key("state-1");
  std::string value = raw({"GET", key}).text;
  value[value.size() / 2] = static_cast<char>(value[value.size() / 2] ^ 0x01);
  ASSERT_EQ(raw({"SET", key, value, "KEEPTTL"}).text, "OK");
  EXPECT_FALSE(take("state-1")) << "edited";

  ASSERT_TRUE(logins_->put("state-2", sample()));
  const std::string moved = raw({"GET", logins_->redis_key("state-2")}).text;
  ASSERT_EQ(raw({"SET", logins_->redis_key("state-3"), moved}).text, "OK");
  EXPECT_FALSE(take("state-3")) << "moved to another state";

  auto other_key =
      RedisPendingLogins::open(client_, EncryptionKey::generate(), {.prefix = "app1:"});
  ASSERT_TRUE(other_key);
  ASSERT_TRUE(logins_->put("state-4", sample()));
  auto foreign = (*other_key)->take("state-4", kStarted);
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(*foreign) << "sealed under another key";
}

TEST_F(RedisPendingLoginsTest, EveryKeyIsUnderTheConfiguredPrefix) {
  auto other_app = RedisPendingLogins::open(client_, key_, {.prefix = "app2:"});
  ASSERT_TRUE(other_app);
  ASSERT_TRUE(logins_->put("state-1", sample()));
  ASSERT_TRUE((*other_app)->put("state-2", sample()));
  const auto keys = raw({"KEYS", "*"});
  ASSERT_EQ(keys.elements.size(), 2u);
  for (const auto& key : keys.elements) {
    EXPECT_TRUE(key.text.starts_with("app1:login:") || key.text.starts_with("app2:login:"))
        << key.text;
  }
  EXPECT_TRUE(logins_->redis_key("state-1").starts_with("app1:login:"));
  auto elsewhere = (*other_app)->take("state-1", kStarted);
  ASSERT_TRUE(elsewhere);
  EXPECT_FALSE(*elsewhere) << "another prefix is another gateway";
  EXPECT_TRUE(take("state-1"));
}

TEST_F(RedisPendingLoginsTest, WhileRedisIsDownTheStoreSaysSoAndRecoversAfter) {
  ASSERT_TRUE(logins_->put("state-1", sample()));
  server_.stop();
  auto put = logins_->put("state-2", sample());
  ASSERT_FALSE(put);
  EXPECT_TRUE(is_store_unavailable(put.error())) << put.error().describe();
  auto taken = logins_->take("state-1", kStarted);
  ASSERT_FALSE(taken);
  EXPECT_TRUE(is_store_unavailable(taken.error())) << taken.error().describe();

  ASSERT_TRUE(server_.start());
  ASSERT_TRUE(logins_->put("state-3", sample()));
  EXPECT_TRUE(take("state-3"));
}

}  // namespace
}  // namespace freshauth::gateway
