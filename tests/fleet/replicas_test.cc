#include <gtest/gtest.h>

#include <future>

#include "fleet/fleet_test_support.h"

// Three gateway replicas sharing their sessions in one redis-server, requests spread over them.
namespace freshauth::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_F(FleetTest, EachSessionIsRefreshedOncePerLifetimeAcrossThreeReplicas) {
  start_redis();
  constexpr int kSessions = 30;
  constexpr int kLifetimes = 3;
  for (int i = 0; i < 3; ++i) add_replica();
  for (int i = 0; i < kSessions; ++i) {
    sign_in(*replicas_[i % 3], "s" + std::to_string(i));
  }

  int failed = 0;
  int served = 0;
  std::string first_failure;
  for (int step = 1; step <= kLifetimes * 12; ++step) {
    clock_->advance(minutes{5});
    for (int i = 0; i < kSessions; ++i) {
      // Each request to another replica than the last: replicas meet keys they never saw.
      auto snapshot = replicas_[(i + step) % 3]->acquire("s" + std::to_string(i));
      if (snapshot && snapshot->expires_at() > clock_->now()) {
        ++served;
      } else if (++failed == 1) {
        first_failure = snapshot ? "an expired token" : snapshot.error().describe();
      }
    }
  }
  ASSERT_TRUE(all_idle());

  EXPECT_EQ(failed, 0) << first_failure;
  EXPECT_EQ(served, kSessions * kLifetimes * 12);
  EXPECT_EQ(idp_->reused, 0) << "a refresh token was presented twice";
  EXPECT_GE(idp_->refreshes, kSessions * kLifetimes);
  EXPECT_LE(idp_->refreshes, static_cast<int>(1.05 * kSessions * kLifetimes));
}

TEST_F(FleetTest, ASessionInUseElsewhereIsNotEndedByItsIdleTimeoutHere) {
  start_redis();
  std::vector<SessionTable*> replicas;
  for (int i = 0; i < 3; ++i) {
    SessionTableOptions options;
    options.clock = clock_;
    options.store = RedisSessionTableStore::open(redis::Client::lazy(server_->endpoint()), key_,
                                                 {.prefix = "fleet:", .idle_timeout = minutes{10}});
    options.idle_timeout = minutes{10};
    replicas_.push_back(std::make_unique<SessionTable>(idp_, options));
    replicas.push_back(replicas_.back().get());
  }
  sign_in(*replicas[0], "s");
  // A request every 5 minutes, each to the next replica: every replica sees the session only
  // every 15 minutes, longer than the idle timeout, while the session is never idle.
  for (int step = 1; step <= 24; ++step) {
    clock_->advance(minutes{5});
    auto snapshot = replicas[step % 3]->acquire("s");
    ASSERT_TRUE(snapshot) << "at minute " << step * 5 << ": " << snapshot.error().describe();
  }
  ASSERT_TRUE(all_idle());
  EXPECT_EQ(idp_->reused, 0);
}

TEST_F(FleetTest, AReplicaThatNeverSawASessionReportsItAndSignsItOutEverywhere) {
  start_redis();
  auto& first = add_replica(false);
  auto& second = add_replica(false);
  auto& third = add_replica(false);
  sign_in(first, "s");
  auto status = second.status("s");
  ASSERT_TRUE(status.has_value()) << "the session was signed in at another replica";
  EXPECT_FALSE(status->id_token.empty());

  std::promise<Result<void>> revoked;
  third.sign_out("s", [&](Result<void> result) { revoked.set_value(std::move(result)); });
  auto revocation = revoked.get_future();
  ASSERT_EQ(revocation.wait_for(seconds{60}), std::future_status::ready);
  EXPECT_TRUE(revocation.get()) << "the refresh token was revoked";
  auto gone = store()->load("s");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->has_value());
  EXPECT_FALSE(third.acquire("s"));
  clock_->advance(minutes{59} + seconds{45});  // the other copies end at their next refresh
  auto first_after = first.acquire("s");
  ASSERT_FALSE(first_after);
  EXPECT_EQ(first_after.error().code, Errc::session_expired);
  EXPECT_FALSE(second.acquire("s"));
  EXPECT_EQ(idp_->refreshes, 0);
}

TEST_F(FleetTest, APausedReplicaThatWakesLateCannotOverwriteANewerSession) {
  start_redis();
  idp_ = std::make_shared<RotatingIdp>(*clock_, kLifetime, /*rotate=*/false);
  auto& paused = add_replica(false, std::chrono::milliseconds{200});
  auto& other = add_replica(false);
  sign_in(paused, "s");
  auto shared = store();

  idp_->pause_next_after_issue();
  clock_->advance(minutes{56});  // soft window: a request starts a refresh
  ASSERT_TRUE(paused.acquire("s"));
  ASSERT_TRUE(idp_->wait_until_paused());
  auto client = redis::Client::connect(server_->endpoint());
  ASSERT_TRUE(client);
  ASSERT_TRUE(wait_until_expired(**client, shared->lease_key("s")));

  ASSERT_TRUE(other.acquire("s"));  // its copy is in the soft window too: it refreshes
  ASSERT_TRUE(wait_until([&] { return other.refreshes_in_flight() == 0; }));
  auto newer = shared->load("s");
  ASSERT_TRUE(newer && *newer);
  const std::string winner = (*newer)->session.access_token;

  idp_->resume();
  ASSERT_TRUE(wait_until([&] { return paused.refreshes_in_flight() == 0; }));
  auto after = shared->load("s");
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->session.access_token, winner) << "the late save overwrote the newer one";
  EXPECT_EQ((*after)->fence, (*newer)->fence);
  auto seen = paused.acquire("s");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->access_token(), winner) << "the paused replica took the newer session";
  EXPECT_EQ(idp_->refreshes, 2);
}

TEST_F(FleetTest, ALeaseLeftByAKilledReplicaExpiresAndAnotherReplicaRefreshes) {
  start_redis();
  auto& first = add_replica(false);
  auto& second = add_replica(false);
  sign_in(first, "s");
  // What a replica killed in the middle of a refresh leaves: its lease, until it expires.
  auto dead = store()->try_lease("s", std::chrono::milliseconds{300});
  ASSERT_TRUE(dead && dead->lease);

  clock_->advance(minutes{59} + seconds{45});  // hard window: the request waits for a refresh
  auto snapshot = second.acquire("s");
  ASSERT_TRUE(snapshot) << snapshot.error().describe();
  EXPECT_GT(snapshot->expires_at(), clock_->now() + minutes{30});
  EXPECT_EQ(idp_->refreshes, 1);
  EXPECT_EQ(idp_->reused, 0);
  auto adopted = first.acquire("s");  // the first replica's copy is older: it adopts the new one
  ASSERT_TRUE(adopted) << adopted.error().describe();
  EXPECT_EQ(adopted->access_token(), snapshot->access_token());
  EXPECT_EQ(idp_->refreshes, 1);
}

TEST_F(FleetTest, ASignOutOnOneReplicaEndsTheSessionForTheOthers) {
  start_redis();
  auto& first = add_replica(false);
  auto& second = add_replica(false);
  sign_in(first, "s");
  ASSERT_TRUE(second.acquire("s"));
  first.sign_out("s");
  clock_->advance(minutes{59} + seconds{45});
  auto after = second.acquire("s");
  ASSERT_FALSE(after);
  // Ended by its refresh (session_expired), or already forgotten when its periodic check of the
  // record found it gone (not_signed_in): which one comes first is a race, both are right.
  EXPECT_TRUE(after.error().code == Errc::session_expired ||
              after.error().code == Errc::not_signed_in)
      << after.error().describe();
  EXPECT_EQ(idp_->refreshes, 0);
}

}  // namespace
}  // namespace freshauth::testing
