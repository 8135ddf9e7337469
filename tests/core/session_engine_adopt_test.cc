// SessionEngine::adopt(): tokens obtained outside the engine (OAuth2 code + PKCE, the device
// grant) become a session that refreshes like any other.
#include <gtest/gtest.h>

#include "freshauth/core/memory_session_store.h"
#include "freshauth/core/session_engine.h"
#include "support/fake_authenticator.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;

class SessionEngineAdoptTest : public ::testing::Test {
 protected:
  SessionEngineAdoptTest() {
    SessionEngineOptions options;
    options.clock = clock;
    options.store = store;
    options.executor = inline_executor();
    options.random_seed = 7;
    engine = std::make_unique<SessionEngine>(auth, options);
  }

  TokenGrant grant(std::string refresh_token) const {
    TokenGrant granted;
    granted.access_token = testing::make_access_token(clock->now(), hours{1}, "adopted");
    granted.id_token = granted.access_token;
    granted.refresh_token = std::move(refresh_token);
    granted.expires_in = hours{1};
    return granted;
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<MemorySessionStore> store = std::make_shared<MemorySessionStore>();
  std::shared_ptr<FakeAuthenticator> auth = std::make_shared<FakeAuthenticator>(*clock);
  std::unique_ptr<SessionEngine> engine;
};

TEST_F(SessionEngineAdoptTest, AnAdoptedGrantIsTheSessionAndIsStored) {
  ASSERT_TRUE(engine->adopt(grant("refresh-from-browser"), clock->now(), {}).ok());
  auto session = engine->try_ensure_fresh();
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(engine->current()->refresh_token, "refresh-from-browser");
  EXPECT_EQ(session->generation(), 1U);
  EXPECT_EQ(session->expires_at(), clock->now() + hours{1});
  auto stored = store->load();
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->generation, 1U);
  EXPECT_EQ(auth->sign_ins.load(), 0);
}

TEST_F(SessionEngineAdoptTest, AGrantWithoutARefreshTokenIsRefused) {
  TokenGrant without = grant("");
  without.refresh_token.reset();
  auto adopted = engine->adopt(without, clock->now(), {});
  ASSERT_FALSE(adopted.ok());
  EXPECT_EQ(adopted.error().code, Errc::invalid_argument);
  EXPECT_EQ(engine->try_ensure_fresh().error().code, Errc::not_signed_in);
}

TEST_F(SessionEngineAdoptTest, AnAdoptedSessionRefreshesWithItsRefreshTokenAndAccessToken) {
  const TokenGrant adopted = grant("refresh-from-browser");
  ASSERT_TRUE(engine->adopt(adopted, clock->now(), {}).ok());
  clock->advance(hours{1} - seconds{10});
  auto session = engine->try_ensure_fresh();
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->generation(), 2U);
  EXPECT_EQ(auth->refreshes.load(), 1);
  const RefreshRequest sent = auth->last_request();
  EXPECT_EQ(sent.refresh_token, "refresh-from-browser");
  EXPECT_EQ(sent.access_token, adopted.access_token);
}

TEST_F(SessionEngineAdoptTest, NewDeviceMetadataIsKeptAndSentWithEveryRefresh) {
  TokenGrant adopted = grant("refresh-1");
  adopted.new_device = DeviceMetadata{"us-east-1_device", "group-1"};
  ASSERT_TRUE(engine->adopt(adopted, clock->now(), {"", "old-device", "old-group"}).ok());
  EXPECT_EQ(engine->current()->device_key, "us-east-1_device");
  EXPECT_EQ(engine->current()->device_group_key, "group-1");

  for (int expiry = 0; expiry < 2; ++expiry) {
    clock->advance(minutes{59} + seconds{50});
    ASSERT_TRUE(engine->try_ensure_fresh().ok());
    const RefreshRequest sent = auth->last_request();
    EXPECT_EQ(sent.device_key, "us-east-1_device");
    EXPECT_EQ(sent.device_group_key, "group-1");
  }
  EXPECT_EQ(auth->refreshes.load(), 2);
  EXPECT_EQ(engine->current()->device_key, "us-east-1_device");
}

// A refresh answer without an id token (common for OAuth2 servers) keeps the one from sign-in.
class IdTokenlessAuthenticator final : public FakeAuthenticator {
 public:
  using FakeAuthenticator::FakeAuthenticator;
  Result<TokenGrant> refresh(const RefreshRequest& request) override {
    auto grant = FakeAuthenticator::refresh(request);
    if (grant) grant->id_token.clear();
    return grant;
  }
};

TEST_F(SessionEngineAdoptTest, ARefreshWithoutAnIdTokenKeepsThePreviousOne) {
  auto authenticator = std::make_shared<IdTokenlessAuthenticator>(*clock);
  SessionEngineOptions options;
  options.clock = clock;
  options.executor = inline_executor();
  SessionEngine without_id(authenticator, options);
  TokenGrant adopted = grant("refresh-1");
  adopted.id_token = "id-token-from-sign-in";
  ASSERT_TRUE(without_id.adopt(adopted, clock->now(), {}).ok());
  clock->advance(hours{1} - seconds{10});
  auto session = without_id.try_ensure_fresh();
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->generation(), 2U);
  EXPECT_EQ(session->id_token(), "id-token-from-sign-in");
}

TEST_F(SessionEngineAdoptTest, AdoptingAgainStartsTheNextGeneration) {
  ASSERT_TRUE(engine->adopt(grant("refresh-1"), clock->now(), {}).ok());
  ASSERT_TRUE(engine->adopt(grant("refresh-2"), clock->now(), {}).ok());
  EXPECT_EQ(engine->current()->generation, 2U);
  EXPECT_EQ(engine->current()->refresh_token, "refresh-2");
}

}  // namespace
}  // namespace freshauth
