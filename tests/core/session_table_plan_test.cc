#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/memory_shared_store.h"
#include "freshauth/core/session_table.h"
#include "support/fake_authenticator.h"
#include "support/sleeper_watching_clock.h"
#include "support/wait_until.h"

// The refresh plan a session carries: the table that obtains its tokens places their
// refresh-ahead and saves that time with them; the other replicas of a fleet follow it instead
// of each placing its own, which made a session refresh at the earliest of them.
namespace freshauth::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// Refreshed ahead in the 12 s before the soft deadline a minute on: a few hundred sessions
// signed in together crowd those seconds, and the calendar moves refreshes.
constexpr seconds kLifetime = minutes{2};

class SessionTablePlanTest : public ::testing::Test {
 protected:
  // One clock per table, moved together: each tells when its own table's timer has caught up.
  SessionTable& replica() {
    clocks.push_back(std::make_shared<SleeperWatchingClock>());
    clocks.back()->advance(idp_clock.now() - clocks.back()->now());
    SessionTableOptions options;
    options.clock = clocks.back();
    options.store = store;
    options.lease_poll = std::chrono::milliseconds{1};
    tables.push_back(std::make_unique<SessionTable>(auth, options));
    return *tables.back();
  }
  void sign_in(SessionTable& table, const std::string& key) {
    auto outcome = auth->sign_in({"alice", "correct horse"});
    ASSERT_TRUE(table.adopt(key, std::get<TokenGrant>(*outcome), idp_clock.now(), {}));
  }
  Session record(const std::string& key) { return (*store->load(key).value()).session; }
  // A second on, and every table's timer has handled what was due by then.
  [[nodiscard]] bool step() {
    idp_clock.advance(seconds{1});
    for (const auto& clock : clocks) clock->advance(seconds{1});
    return wait_until([&] {
      for (std::size_t i = 0; i < tables.size(); ++i) {
        if (tables[i] && (!clocks[i]->caught_up() || tables[i]->refreshes_in_flight() != 0)) {
          return false;
        }
      }
      return true;
    });
  }

  ManualClock idp_clock;
  std::shared_ptr<FakeAuthenticator> auth =
      std::make_shared<FakeAuthenticator>(idp_clock, kLifetime);
  std::shared_ptr<MemorySharedStore> store = std::make_shared<MemorySharedStore>();
  std::vector<std::shared_ptr<SleeperWatchingClock>> clocks;
  std::vector<std::unique_ptr<SessionTable>> tables;  // destroyed before what they use

  void TearDown() override { tables.clear(); }
};

TEST_F(SessionTablePlanTest, ASignedInSessionIsSavedWithItsPlanAndRefreshedThere) {
  auto& table = replica();
  sign_in(table, "s");
  const Session signed_in = record("s");
  const TimePoint planned = signed_in.refresh_planned_at;
  ASSERT_NE(planned, TimePoint{}) << "saved with a plan";
  EXPECT_GT(planned, signed_in.obtained_at);
  EXPECT_LE(planned, signed_in.expires_at - kLifetime / 2) << "before the soft deadline";
  while (auth->refreshes == 0 && idp_clock.now() < signed_in.expires_at) ASSERT_TRUE(step());
  ASSERT_EQ(auth->refreshes, 1);
  EXPECT_LT(idp_clock.now() - planned, seconds{1}) << "refreshed in the second planned";
  const Session refreshed = record("s");
  EXPECT_GT(refreshed.refresh_planned_at, refreshed.obtained_at) << "and planned again";
}

// 300 sessions signed in together at one replica, and requested at two more: one holds them all,
// learnt in the other order, the other every other one. Every refresh is made at the plan saved
// with the token it replaces, by whichever replica planned it; none sooner. Each replica placing
// its own refresh, from what it holds, would have it made at the earliest of their places.
TEST_F(SessionTablePlanTest, ReplicasRefreshAtThePlanSavedWithTheSessionNotSooner) {
  constexpr int kSessions = 300;
  for (int i = 0; i < 3; ++i) replica();
  std::map<std::string, Session> known;
  for (int i = 0; i < kSessions; ++i) {
    const std::string key = "s" + std::to_string(i);
    sign_in(*tables[0], key);
    known[key] = record(key);
  }
  for (int i = kSessions - 1; i >= 0; --i) {
    ASSERT_TRUE(tables[1]->acquire("s" + std::to_string(i)));
    if (i % 2 == 0) ASSERT_TRUE(tables[2]->acquire("s" + std::to_string(i)));
  }
  int refreshes = 0;
  for (TimePoint end = idp_clock.now() + 3 * kLifetime; idp_clock.now() < end;) {
    ASSERT_TRUE(step());
    for (auto& [key, before] : known) {
      const Session now = record(key);
      if (now.access_token == before.access_token) continue;
      ++refreshes;
      ASSERT_GE(idp_clock.now(), before.refresh_planned_at) << key << " refreshed before its plan";
      ASSERT_LT(idp_clock.now() - before.refresh_planned_at, seconds{1}) << key << " late";
      before = now;
    }
  }
  EXPECT_EQ(auth->refreshes, refreshes) << "no refresh the store did not keep";
  EXPECT_GE(refreshes, kSessions * 5);  // 3 lifetimes, refreshed at least every 0.6 of one
}

TEST_F(SessionTablePlanTest, AReplicaRefreshesAtAnotherReplicasPlanOnceThatReplicaIsGone) {
  auto& planner = replica();
  auto& other = replica();
  sign_in(planner, "s");
  ASSERT_TRUE(other.acquire("s"));
  const Session signed_in = record("s");
  tables[0].reset();
  while (auth->refreshes == 0 && idp_clock.now() < signed_in.expires_at) ASSERT_TRUE(step());
  ASSERT_EQ(auth->refreshes, 1);
  EXPECT_GT(idp_clock.now(), signed_in.refresh_planned_at) << "after the plan, as its backup";
  EXPECT_LE(idp_clock.now(), signed_in.refresh_planned_at + seconds{2});
  EXPECT_LT(idp_clock.now(), signed_in.expires_at - seconds{30}) << "before callers would wait";
}

}  // namespace
}  // namespace freshauth::testing
