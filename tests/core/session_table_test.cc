#include "freshauth/core/session_table.h"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "support/fake_authenticator.h"
#include "support/settled_table.h"
#include "support/sleeper_watching_clock.h"
#include "support/wait_until.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;
using testing::SleeperWatchingClock;
using testing::wait_until;

constexpr std::chrono::seconds kDeadline{60};

class RecordingStore : public SessionTableStore {
 public:
  Result<void> save(const std::string& key, const Session& session, TimePoint created_at) override {
    const std::lock_guard lock(mutex);
    if (fail_saves) return Error{Errc::storage, "disk full", {}};
    records[key] = {session, created_at};
    ++saves;
    return {};
  }
  Result<void> erase(const std::string& key) override {
    const std::lock_guard lock(mutex);
    records.erase(key);
    return {};
  }
  std::optional<std::pair<Session, TimePoint>> record(const std::string& key) {
    const std::lock_guard lock(mutex);
    auto found = records.find(key);
    if (found == records.end()) return std::nullopt;
    return found->second;
  }

  std::mutex mutex;
  std::map<std::string, std::pair<Session, TimePoint>> records;
  int saves = 0;
  bool fail_saves = false;
};

class SessionTableTest : public ::testing::Test {
 protected:
  void make_table(SessionTableOptions options = {}, seconds lifetime = hours{1}) {
    table.reset();
    auth = std::make_shared<FakeAuthenticator>(*clock, lifetime);
    options.clock = clock;
    options.store = store;
    options.random_seed = 7;
    table = std::make_unique<SessionTable>(auth, options);
  }

  static SessionTableOptions requests_only() {
    SessionTableOptions options;
    options.refresh_ahead = false;
    return options;
  }

  TokenGrant grant() {
    auto outcome = auth->sign_in({"alice", "correct horse"});
    return std::get<TokenGrant>(*outcome);
  }

  std::uint64_t adopt(const std::string& key) {
    auto adopted = table->adopt(key, grant(), clock->now(), {"partner-7", {}, {}});
    EXPECT_TRUE(adopted.ok()) << adopted.error().describe();
    return adopted.ok() ? adopted->generation() : 0;
  }

  // acquire() with a callback, and whether the callback ran before it returned.
  struct Pending {
    std::shared_ptr<std::promise<Result<SessionSnapshot>>> promise =
        std::make_shared<std::promise<Result<SessionSnapshot>>>();
    std::future<Result<SessionSnapshot>> future = promise->get_future();
    bool answered_inline() {
      return future.wait_for(std::chrono::seconds{0}) == std::future_status::ready;
    }
    Result<SessionSnapshot> get() {
      if (future.wait_for(kDeadline) != std::future_status::ready) {
        return Error{Errc::transient, "no answer within the test's deadline", {}};
      }
      return future.get();
    }
  };
  Pending acquire_async(const std::string& key) {
    Pending pending;
    table->acquire(key, [promise = pending.promise](Result<SessionSnapshot> answer) {
      promise->set_value(std::move(answer));
    });
    return pending;
  }

  [[nodiscard]] bool advance_and_settle(Duration by) {
    return testing::advance_and_settle(*clock, *table, by);
  }
  [[nodiscard]] bool run_for(Duration span) {
    return testing::run_second_by_second(*clock, *table, span);
  }

  std::shared_ptr<SleeperWatchingClock> clock = std::make_shared<SleeperWatchingClock>();
  std::shared_ptr<RecordingStore> store = std::make_shared<RecordingStore>();
  std::shared_ptr<FakeAuthenticator> auth;
  std::unique_ptr<SessionTable> table;
};

TEST_F(SessionTableTest, AFreshSessionIsAnsweredBeforeAcquireReturns) {
  make_table(requests_only());
  const auto generation = adopt("s1");
  auto pending = acquire_async("s1");
  ASSERT_TRUE(pending.answered_inline());
  auto snapshot = pending.get();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->generation(), generation);
  EXPECT_EQ(snapshot->partner_id(), "partner-7");
  EXPECT_EQ(auth->refreshes, 0);
}

TEST_F(SessionTableTest, StopFailsQueuedRefreshesWithoutAskingTheProvider) {
  SessionTableOptions options = requests_only();
  options.refresh_threads = 1;
  make_table(options);
  constexpr int kSessions = 5;
  for (int i = 0; i < kSessions; ++i) adopt("s" + std::to_string(i));
  auth->hold();
  clock->advance(hours{1} + seconds{1});  // every token expired: each caller needs a refresh
  std::vector<Pending> callers;
  for (int i = 0; i < kSessions; ++i) callers.push_back(acquire_async("s" + std::to_string(i)));
  ASSERT_TRUE(auth->wait_until_refresh_waiting());  // one asks the provider, the rest queue
  table->stop();
  auth->release();
  int refreshed = 0;
  for (auto& caller : callers) {
    auto answer = caller.get();
    if (answer) {
      ++refreshed;
      continue;
    }
    EXPECT_EQ(answer.error().code, Errc::transient) << answer.error().describe();
    EXPECT_NE(answer.error().message.find("stopping"), std::string::npos) << answer.error().message;
  }
  EXPECT_EQ(refreshed, 1) << "the refresh already asking the provider finishes";
  EXPECT_EQ(auth->refreshes, 1) << "a queued refresh reached the provider after stop()";
  for (int i = 0; i < kSessions; ++i) {
    EXPECT_TRUE(table->status("s" + std::to_string(i)).has_value()) << "stop() ends no session";
  }
}

TEST_F(SessionTableTest, AnUnknownKeyIsNotSignedIn) {
  make_table();
  auto answer = table->acquire("nobody");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, Errc::not_signed_in);
}

TEST_F(SessionTableTest, TheSoftWindowServesTheCurrentTokenAndStartsOneRefresh) {
  make_table(requests_only());
  const auto first = adopt("s1");
  auth->hold();
  clock->advance(minutes{56});  // soft window: 5 min before expiry
  for (int i = 0; i < 20; ++i) {
    auto pending = acquire_async("s1");
    ASSERT_TRUE(pending.answered_inline());
    EXPECT_EQ(pending.get()->generation(), first);
  }
  ASSERT_TRUE(auth->wait_until_refresh_waiting());
  auth->release();
  ASSERT_TRUE(wait_until([&] { return table->status("s1")->generation != first; }));
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionTableTest, TheHardWindowAnswersEveryWaiterFromOneRefreshWithoutBlockingThem) {
  make_table(requests_only());
  const auto first = adopt("s1");
  auth->hold();
  clock->advance(minutes{59} + seconds{45});  // hard window: 30 s before expiry
  std::vector<Pending> waiting;
  for (int i = 0; i < 50; ++i) waiting.push_back(acquire_async("s1"));
  ASSERT_TRUE(auth->wait_until_refresh_waiting());
  for (auto& pending : waiting) EXPECT_FALSE(pending.answered_inline());
  auth->release();
  for (auto& pending : waiting) {
    auto snapshot = pending.get();
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().describe();
    EXPECT_GT(snapshot->generation(), first);
  }
  EXPECT_EQ(auth->refreshes, 1);
}

TEST_F(SessionTableTest, TheTimerRefreshesEverySessionAheadOfTimeWithoutRequests) {
  make_table();
  adopt("s1");
  adopt("s2");
  ASSERT_TRUE(run_for(minutes{55}));  // every jittered refresh time has passed
  EXPECT_EQ(auth->refreshes, 2);
  ASSERT_TRUE(store->record("s1").has_value());
  EXPECT_EQ(store->record("s1")->first.generation, table->status("s1")->generation)
      << "saved before use";
  ASSERT_TRUE(run_for(minutes{55}));
  EXPECT_EQ(auth->refreshes, 4) << "and again for the next token";
}

TEST_F(SessionTableTest, SessionsCreatedTogetherRefreshAtDifferentTimes) {
  SessionTableOptions options;
  options.refresh_jitter = 0.2;  // over the 12 minutes before the soft deadline
  make_table(options);
  constexpr int kSessions = 200;
  for (int i = 0; i < kSessions; ++i) adopt("s" + std::to_string(i));
  ASSERT_TRUE(advance_and_settle(minutes{43}));  // before any refresh time
  EXPECT_EQ(auth->refreshes, 0);
  ASSERT_TRUE(run_for(minutes{6}));  // halfway through the spread
  EXPECT_GE(auth->refreshes, kSessions / 4);
  EXPECT_LT(auth->refreshes, kSessions * 3 / 4) << "spread out, not all at once";
  ASSERT_TRUE(run_for(minutes{6}));
  EXPECT_EQ(auth->refreshes, kSessions);
}

// 12,000 ten-minute tokens issued at once would all be refreshed between 4 and 5 minutes (the
// last tenth before the soft deadline at half-life); the table spreads them from issue on. The
// clock moves a second at a time: the timer keeps up, and no refresh is found late.
TEST_F(SessionTableTest, AHerdOfSessionsIsRefreshedSpreadOutFromTheStart) {
  make_table({}, minutes{10});
  constexpr int kSessions = 12'000;
  for (int i = 0; i < kSessions; ++i) adopt("s" + std::to_string(i));
  ASSERT_TRUE(run_for(minutes{3} + seconds{30}));  // before the jitter's window
  EXPECT_GE(auth->refreshes, kSessions / 4);
  EXPECT_LT(auth->refreshes, kSessions) << "spread, not all at once";
  ASSERT_TRUE(run_for(minutes{1} + seconds{30}));  // past every soft deadline
  EXPECT_GE(auth->refreshes, kSessions);
  // Those refreshed in the first minute prefer, for their next token, seconds the herd still
  // crowds, and the calendar moves many of them earlier: 1,178 of 12,000 here come again
  // before 5 minutes.
  EXPECT_LE(auth->refreshes, kSessions + kSessions / 8) << auth->refreshes << " refreshes";
}

TEST_F(SessionTableTest, ARejectedRefreshTokenEndsTheSessionEverywhere) {
  make_table(requests_only());
  adopt("s1");
  ASSERT_TRUE(store->record("s1").has_value());
  auth->fail_next({Errc::session_expired, "Refresh Token has been revoked", {}});
  clock->advance(minutes{59} + seconds{45});
  auto answer = table->acquire("s1");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, Errc::session_expired);
  EXPECT_FALSE(table->status("s1").has_value());
  EXPECT_FALSE(store->record("s1").has_value());
  EXPECT_EQ(table->acquire("s1").error().code, Errc::not_signed_in);
}

TEST_F(SessionTableTest, ATransientFailureKeepsTheTokenWhileItLastsThenSaysSo) {
  make_table(requests_only());
  const auto first = adopt("s1");
  auth->fail_next({Errc::transient, "HTTP 503", {}});
  clock->advance(minutes{59} + seconds{45});
  auto kept = table->acquire("s1");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->generation(), first);
  auth->fail_next({Errc::transient, "HTTP 503", {}});
  clock->advance(seconds{16});  // expired, and the backoff (at most half the 15 s left) has passed
  auto failed = table->acquire("s1");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::transient);
  EXPECT_TRUE(table->status("s1").has_value()) << "a transient failure keeps the session";
  clock->advance(minutes{1});
  auto recovered = table->acquire("s1");
  ASSERT_TRUE(recovered.ok()) << recovered.error().describe();
  EXPECT_GT(recovered->generation(), first);
}

TEST_F(SessionTableTest, A401EndsOnlyTheGenerationItWasFor) {
  make_table(requests_only());
  const auto first = adopt("s1");
  clock->advance(minutes{59} + seconds{45});
  const auto second = table->acquire("s1")->generation();
  ASSERT_GT(second, first);
  EXPECT_FALSE(table->report_unauthorized("s1", first)) << "an older token's 401";
  EXPECT_TRUE(table->acquire("s1").ok());
  EXPECT_TRUE(table->report_unauthorized("s1", second));
  EXPECT_EQ(table->acquire("s1").error().code, Errc::not_signed_in);
  EXPECT_FALSE(store->record("s1").has_value());
}

TEST_F(SessionTableTest, GenerationsNeverRepeatForAKeySignedInAgain) {
  make_table(requests_only());
  const auto first = adopt("s1");
  ASSERT_TRUE(table->report_unauthorized("s1", first));
  const auto again = adopt("s1");
  EXPECT_GT(again, first);
  EXPECT_FALSE(table->report_unauthorized("s1", first)) << "a late 401 for the old session";
  EXPECT_TRUE(table->acquire("s1").ok());
}

TEST_F(SessionTableTest, SigningOutRemovesAtOnceAndRevokesOnAPoolThread) {
  make_table();
  adopt("s1");
  std::promise<Result<void>> revoked;
  table->sign_out("s1", [&](Result<void> result) { revoked.set_value(std::move(result)); });
  EXPECT_EQ(table->acquire("s1").error().code, Errc::not_signed_in);
  auto future = revoked.get_future();
  ASSERT_EQ(future.wait_for(kDeadline), std::future_status::ready);
  EXPECT_TRUE(future.get().ok());
  EXPECT_EQ(auth->revocations, 1);
  EXPECT_FALSE(store->record("s1").has_value());
  std::promise<Result<void>> again;
  table->sign_out("s1", [&](Result<void> result) { again.set_value(std::move(result)); });
  EXPECT_EQ(again.get_future().get().error().code, Errc::not_signed_in);
}

TEST_F(SessionTableTest, AnIdleSessionEndsAndAUsedOneLives) {
  SessionTableOptions options = requests_only();
  options.idle_timeout = minutes{10};
  make_table(options);
  adopt("idle");
  adopt("used");
  for (int i = 0; i < 3; ++i) {
    clock->advance(minutes{6});
    ASSERT_TRUE(table->acquire("used").ok());
  }
  ASSERT_TRUE(wait_until([&] { return !table->status("idle").has_value(); }))
      << "the timer ends it without a request";
  EXPECT_FALSE(store->record("idle").has_value());
  EXPECT_TRUE(table->status("used").has_value());
}

TEST_F(SessionTableTest, TheAbsoluteTimeoutEndsEvenABusySession) {
  SessionTableOptions options = requests_only();
  options.absolute_timeout = hours{8};
  make_table(options);
  adopt("s1");
  EXPECT_EQ(table->status("s1")->ends_at, clock->now() + hours{8});
  for (int i = 0; i < 7; ++i) {
    clock->advance(hours{1});
    ASSERT_TRUE(table->acquire("s1").ok());
  }
  clock->advance(hours{1});
  EXPECT_FALSE(table->acquire("s1").ok()) << "ended by the request or, before it, by the timer";
  EXPECT_FALSE(table->status("s1").has_value());
}

TEST_F(SessionTableTest, AFailedSaveRefusesTheSignIn) {
  make_table();
  store->fail_saves = true;
  auto adopted = table->adopt("s1", grant(), clock->now(), {});
  ASSERT_FALSE(adopted.ok());
  EXPECT_EQ(adopted.error().code, Errc::storage);
  EXPECT_EQ(table->size(), 0u);
}

TEST_F(SessionTableTest, RestoredSessionsCarryOnWithLaterGenerations) {
  make_table(requests_only());
  adopt("s1");
  clock->advance(minutes{59} + seconds{45});
  const auto refreshed = table->acquire("s1")->generation();
  auto [session, created_at] = *store->record("s1");
  make_table(requests_only());  // a restart: a new table on the same store
  table->restore("s1", session, created_at);
  auto restored = table->acquire("s1");
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->generation(), refreshed);
  EXPECT_GT(adopt("s2"), refreshed);
}

TEST_F(SessionTableTest, ARotatedRefreshTokenIsTheOneUsedNext) {
  make_table(requests_only());
  auth->rotate_refresh_token = true;
  adopt("s1");
  clock->advance(minutes{59} + seconds{45});
  ASSERT_TRUE(table->acquire("s1").ok());
  const std::string rotated = store->record("s1")->first.refresh_token;
  EXPECT_EQ(rotated.rfind("rotated-", 0), 0u);
  clock->advance(minutes{59} + seconds{45});
  ASSERT_TRUE(table->acquire("s1").ok());
  EXPECT_EQ(auth->last_refresh_token(), rotated);
}

// Many threads, many sessions, three token lifetimes: every answer is a token that has not
// expired, and each session refreshes once per lifetime.
TEST_F(SessionTableTest, ManyCallersAcrossThreeLifetimesNeverGetAnExpiredToken) {
  make_table();
  constexpr int kSessions = 100;
  for (int i = 0; i < kSessions; ++i) adopt("s" + std::to_string(i));
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<long> answers{0};
  // Odd while the test moves the clock. An answer is judged only when the clock stood still from
  // the call to the check, so a caller descheduled between the two (the machine may be loaded)
  // cannot mistake a token that was fresh when served for one served expired.
  std::atomic<unsigned> clock_epoch{0};
  std::vector<std::jthread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&, t] {
      for (int i = t; !stop; i = (i + 7) % kSessions) {
        const unsigned asked_in = clock_epoch;
        if (asked_in % 2 != 0) continue;
        table->acquire("s" + std::to_string(i), [&, asked_in](Result<SessionSnapshot> answer) {
          if (!answer.ok()) {
            ++failures;
            return;
          }
          const bool unexpired = clock->now() < answer->expires_at();
          if (clock_epoch != asked_in) return;
          if (!unexpired) ++failures;
          ++answers;
        });
      }
    });
  }
  // The table has caught up with the clock when no session is left in its soft window: every
  // refresh due by now has happened. Without this wait a starved timer thread lets the clock run
  // minutes ahead of it, and a token served with 31 s left is checked a minute later.
  const auto caught_up = [&] {
    for (int i = 0; i < kSessions; ++i) {
      const auto status = table->status("s" + std::to_string(i));
      if (!status || status->access_expires_at - clock->now() <= RefreshPolicy{}.threshold) {
        return false;
      }
    }
    return true;
  };
  for (int step = 0; step < 3 * 60; ++step) {  // three hours, a minute at a time
    ++clock_epoch;
    clock->advance(minutes{1});
    ++clock_epoch;
    const long before = answers;
    ASSERT_TRUE(wait_until([&] { return answers > before + 100 && caught_up(); }));
  }
  stop = true;
  callers.clear();
  EXPECT_EQ(failures, 0);
  // Refreshed 49 to 55 minutes into each token: three times in three hours.
  EXPECT_EQ(auth->refreshes, kSessions * 3);
}

}  // namespace
}  // namespace freshauth
