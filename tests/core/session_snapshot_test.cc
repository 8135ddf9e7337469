#include "freshauth/core/session_snapshot.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

#include "freshauth/core/session_engine.h"
#include "support/fake_authenticator.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;

// What the snapshot must not offer: any way to the refresh token or to the whole Session.
template <class S>
concept ReachesRefreshToken = requires(const S& s) {
  s.refresh_token();
}
|| requires(const S& s) { s.refresh_token; }
|| requires(const S& s) { s.session(); }
|| requires(const S& s) { s.get(); }
|| requires(const S& s) { *s; }
|| requires(const S& s) { s.operator->(); };
static_assert(!ReachesRefreshToken<SessionSnapshot>);
static_assert(ReachesRefreshToken<std::shared_ptr<const Session>>, "the check itself works");
static_assert(std::is_nothrow_copy_constructible_v<SessionSnapshot>);
static_assert(!std::is_convertible_v<std::shared_ptr<const Session>, SessionSnapshot>);

class SessionSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SessionEngineOptions options;
    options.clock = clock;
    options.executor = inline_executor();
    engine = std::make_unique<SessionEngine>(auth, options);
    ASSERT_TRUE(engine->sign_in({"alice", "correct horse"}, {"partner-7", {}, {}}).ok());
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<FakeAuthenticator> auth = std::make_shared<FakeAuthenticator>(*clock);
  std::unique_ptr<SessionEngine> engine;
};

TEST_F(SessionSnapshotTest, ReadsTheSessionItWasTakenFrom) {
  const SessionSnapshot snapshot = engine->ensure_fresh();
  const auto session = engine->current();
  EXPECT_EQ(snapshot.access_token(), session->access_token);
  EXPECT_EQ(snapshot.id_token(), session->id_token);
  EXPECT_EQ(snapshot.partner_id(), "partner-7");
  EXPECT_EQ(snapshot.obtained_at(), session->obtained_at);
  EXPECT_EQ(snapshot.expires_at(), session->expires_at);
  EXPECT_EQ(snapshot.generation(), 1U);
}

TEST_F(SessionSnapshotTest, OutlivesLaterCallsAndARefresh) {
  const SessionSnapshot first = engine->ensure_fresh();
  const std::string first_token = first.access_token();
  for (int i = 0; i < 3; ++i) (void)engine->ensure_fresh();  // the fast path, same session

  clock->advance(minutes{59} + seconds{45});  // hard window: this call refreshes
  const SessionSnapshot second = engine->ensure_fresh();
  ASSERT_EQ(second.generation(), 2U);
  ASSERT_NE(second.access_token(), first_token);
  (void)engine->ensure_fresh();

  EXPECT_EQ(first.generation(), 1U);
  EXPECT_EQ(first.access_token(), first_token);
  EXPECT_EQ(first.partner_id(), "partner-7");
}

TEST_F(SessionSnapshotTest, OutlivesTheEngine) {
  const SessionSnapshot snapshot = engine->ensure_fresh();
  const std::string token = snapshot.access_token();
  engine.reset();
  EXPECT_EQ(snapshot.access_token(), token);
}

TEST_F(SessionSnapshotTest, CopiesStayValidAfterTheThreadThatTookThemExits) {
  std::optional<SessionSnapshot> taken;
  std::thread([&] {
    const SessionSnapshot snapshot = engine->ensure_fresh();
    taken.emplace(snapshot);
  }).join();
  ASSERT_TRUE(taken.has_value());
  SessionSnapshot copy = *taken;
  taken.reset();
  clock->advance(hours{2});
  EXPECT_EQ(engine->ensure_fresh().generation(), 2U);
  EXPECT_EQ(copy.generation(), 1U);
  EXPECT_FALSE(copy.access_token().empty());
}

TEST_F(SessionSnapshotTest, TryEnsureFreshReturnsASnapshot) {
  auto result = engine->try_ensure_fresh();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->generation(), 1U);
  EXPECT_EQ(result->access_token(), engine->ensure_fresh().access_token());
}

TEST(SessionSnapshot, RefusesANullSession) {
  EXPECT_THROW(SessionSnapshot{nullptr}, std::invalid_argument);
}

TEST(SessionSnapshot, CanBeMadeFromASession) {
  Session session;
  session.access_token = "a";
  session.refresh_token = "r";
  session.generation = 4;
  const SessionSnapshot snapshot(std::make_shared<const Session>(session));
  EXPECT_EQ(snapshot.access_token(), "a");
  EXPECT_EQ(snapshot.generation(), 4U);
}

}  // namespace
}  // namespace freshauth
