// A gateway's per-request cost and per-session memory at 100,000 sessions.
//
// BM_TableAcquire: SessionTable::acquire() on a random fresh session (lookup, freshness check,
// snapshot handed to the callback and dropped). Baseline beside it: the table a careful
// hand-written gateway would use, an unordered_map under a shared_mutex with an expiry check.
// BM_IdleSessionMemory: heap bytes per idle session (mallinfo2 before and after), tokens
// included, next to the bytes of the tokens themselves. Tokens are Cognito-sized.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <memory>
#include <random>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "freshauth/core/session_table.h"
#include "support/fake_authenticator.h"

namespace freshauth {
namespace {

constexpr int kSessions = 100'000;
// Cognito's tokens: access ~1 KB, id ~1.1 KB, refresh ~1.8 KB (an encrypted JWE).
constexpr std::size_t kAccessBytes = 1000;
constexpr std::size_t kIdBytes = 1100;
constexpr std::size_t kRefreshBytes = 1800;

std::string key_for(int i) { return "session-id-" + std::to_string(i) + "-0123456789abcdef"; }

TokenGrant cognito_sized_grant(const Clock& clock, int i) {
  TokenGrant grant;
  grant.access_token =
      testing::make_access_token(clock.now(), std::chrono::hours{1}, std::to_string(i));
  grant.access_token.resize(std::max(grant.access_token.size(), kAccessBytes), 'a');
  grant.id_token = std::string(kIdBytes, 'i');
  grant.refresh_token = std::string(kRefreshBytes, 'r') + std::to_string(i);
  grant.expires_in = std::chrono::hours{1};
  return grant;
}

struct LoadedTable {
  LoadedTable() {
    SessionTableOptions options;
    options.clock = clock;
    options.refresh_threads = 1;
    table = std::make_unique<SessionTable>(auth, options);
    for (int i = 0; i < kSessions; ++i) {
      (void)table->adopt(key_for(i), cognito_sized_grant(*clock, i), clock->now(), {"partner", {}, {}})
          .value();
    }
  }
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<testing::FakeAuthenticator> auth =
      std::make_shared<testing::FakeAuthenticator>(*clock);
  std::unique_ptr<SessionTable> table;
};

// The obvious hand-written table: one map, one reader-writer lock, an expiry check.
struct BaselineTable {
  explicit BaselineTable(const Clock& clock_) : clock(clock_) {
    for (int i = 0; i < kSessions; ++i) {
      const TokenGrant grant = cognito_sized_grant(clock, i);
      sessions.emplace(key_for(i),
                       std::make_shared<const Session>(Session{grant.access_token,
                                                               grant.id_token,
                                                               *grant.refresh_token,
                                                               clock.now(),
                                                               clock.now() + std::chrono::hours{1},
                                                               "partner",
                                                               {},
                                                               {},
                                                               1}));
    }
  }
  std::shared_ptr<const Session> get(const std::string& key) const {
    const std::shared_lock lock(mutex);
    const auto found = sessions.find(key);
    if (found == sessions.end()) return nullptr;
    if (clock.now() >= found->second->expires_at - std::chrono::minutes{5}) return nullptr;
    return found->second;
  }
  const Clock& clock;
  mutable std::shared_mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const Session>> sessions;
};

std::vector<std::string> shuffled_keys(unsigned seed) {
  std::vector<std::string> keys;
  keys.reserve(kSessions);
  for (int i = 0; i < kSessions; ++i) keys.push_back(key_for(i));
  std::shuffle(keys.begin(), keys.end(), std::mt19937{seed});
  return keys;
}

void BM_TableAcquire(benchmark::State& state) {
  static LoadedTable* shared = nullptr;
  if (state.thread_index() == 0) shared = new LoadedTable();
  const auto keys = shuffled_keys(static_cast<unsigned>(state.thread_index()));
  std::size_t next = 0;
  for (auto _ : state) {
    shared->table->acquire(keys[next], [](Result<SessionSnapshot> answer) {
      benchmark::DoNotOptimize(answer->access_token().data());
    });
    next = next + 1 == keys.size() ? 0 : next + 1;
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete shared;
    shared = nullptr;
  }
}

void BM_BaselineAcquire(benchmark::State& state) {
  static ManualClock* clock = nullptr;
  static BaselineTable* shared = nullptr;
  if (state.thread_index() == 0) {
    clock = new ManualClock();
    shared = new BaselineTable(*clock);
  }
  const auto keys = shuffled_keys(static_cast<unsigned>(state.thread_index()));
  std::size_t next = 0;
  for (auto _ : state) {
    auto session = shared->get(keys[next]);
    benchmark::DoNotOptimize(session->access_token.data());
    next = next + 1 == keys.size() ? 0 : next + 1;
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete shared;
    delete clock;
  }
}

void BM_IdleSessionMemory(benchmark::State& state) {
  for (auto _ : state) {
    const std::size_t before = mallinfo2().uordblks;
    auto loaded = std::make_unique<LoadedTable>();
    const std::size_t after = mallinfo2().uordblks;
    state.counters["bytes_per_session"] =
        static_cast<double>(after - before) / static_cast<double>(kSessions);
    state.counters["token_bytes_per_session"] =
        static_cast<double>(kAccessBytes + kIdBytes + kRefreshBytes);
  }
}

void BM_BaselineSessionMemory(benchmark::State& state) {
  ManualClock clock;
  for (auto _ : state) {
    const std::size_t before = mallinfo2().uordblks;
    auto baseline = std::make_unique<BaselineTable>(clock);
    const std::size_t after = mallinfo2().uordblks;
    state.counters["bytes_per_session"] =
        static_cast<double>(after - before) / static_cast<double>(kSessions);
  }
}

BENCHMARK(BM_TableAcquire)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_BaselineAcquire)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_IdleSessionMemory)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BaselineSessionMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace freshauth

BENCHMARK_MAIN();
