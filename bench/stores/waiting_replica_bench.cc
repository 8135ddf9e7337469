// What a replica asks of Redis while it waits for another replica's refresh of the same session
// (a contested refresh), counted, not timed: the store reads (load) and lease requests (try_lease)
// of the waiting replica, per contested refresh.
//
// BM_ContestedRefresh: two waiting replicas with the default SessionTableOptions, one whose
// store's watches only poll (every 20 ms, as before Redis told of saves: the baseline) and one
// that hears the holder's save on Redis pub/sub. Rounds alternate between the two; in each, the
// holder's refresh is held at the provider for kHold of wall time. Counters: the median of each
// count over the rounds, and its min and max.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fleet/counting_store.h"
#include "fleet/rotating_idp.h"
#include "freshauth/core/session_table.h"
#include "freshauth/stores/redis_session_table_store.h"
#include "support/redis_server.h"
#include "support/wait_until.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr milliseconds kHold{200};  // how long the provider takes to answer the holder
constexpr int kRounds = 7;          // per side

struct Counts {
  std::vector<double> loads;
  std::vector<double> lease_requests;
};

struct Fleet {
  explicit Fleet(testing::RedisServer& redis) : server(redis) {
    holder = replica(store(), hours{1});
    polling = std::make_shared<testing::CountingStore>(store(), /*notices=*/false);
    notified = std::make_shared<testing::CountingStore>(store(), /*notices=*/true);
    polling_replica = replica(polling, seconds{15});
    notified_replica = replica(notified, seconds{15});
  }
  std::shared_ptr<RedisSessionTableStore> store() const {
    return RedisSessionTableStore::open(redis::Client::lazy(server.endpoint()), seal_key,
                                        {.prefix = "bench:"});
  }
  std::unique_ptr<SessionTable> replica(std::shared_ptr<SharedSessionStore> shared,
                                        milliseconds lease_ttl) {
    SessionTableOptions options;
    options.clock = clock;
    options.store = std::move(shared);
    options.refresh_ahead = false;
    options.lease_ttl = lease_ttl;
    return std::make_unique<SessionTable>(idp, options);
  }

  // One contested refresh of a new session; false if something went wrong.
  bool contest(SessionTable& waiter, testing::CountingStore& counted, Counts& counts) {
    const std::string key = "s" + std::to_string(++sessions);
    if (!holder->adopt(key, idp->sign_in_grant(), clock->now(), {})) return false;
    if (!waiter.acquire(key)) return false;
    counted.loads = 0;
    counted.lease_requests = 0;
    idp->pause_next_after_issue();
    clock->advance(minutes{59} + seconds{45});  // hard window: both wait for a refresh
    std::promise<bool> held;
    std::promise<bool> waited;
    holder->acquire(key,
                    [&](const Result<SessionSnapshot>& got) { held.set_value(got.has_value()); });
    if (!idp->wait_until_paused()) return false;
    waiter.acquire(key,
                   [&](const Result<SessionSnapshot>& got) { waited.set_value(got.has_value()); });
    if (!testing::wait_until([&] { return counted.lease_requests >= 1; }, seconds{60})) {
      return false;
    }
    std::this_thread::sleep_for(kHold);
    idp->resume();
    auto held_result = held.get_future();
    auto waited_result = waited.get_future();
    if (held_result.wait_for(seconds{60}) != std::future_status::ready ||
        waited_result.wait_for(seconds{60}) != std::future_status::ready) {
      return false;
    }
    if (!held_result.get() || !waited_result.get()) return false;
    counts.loads.push_back(counted.loads);
    counts.lease_requests.push_back(counted.lease_requests);
    return true;
  }

  testing::RedisServer& server;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(
      std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()));
  std::shared_ptr<testing::RotatingIdp> idp =
      std::make_shared<testing::RotatingIdp>(*clock, hours{1});
  EncryptionKey seal_key = EncryptionKey::generate();
  std::unique_ptr<SessionTable> holder;
  std::shared_ptr<testing::CountingStore> polling;
  std::shared_ptr<testing::CountingStore> notified;
  std::unique_ptr<SessionTable> polling_replica;
  std::unique_ptr<SessionTable> notified_replica;
  int sessions = 0;
};

void report(benchmark::State& state, const std::string& name, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  state.counters[name + "_median"] = values[values.size() / 2];
  state.counters[name + "_min"] = values.front();
  state.counters[name + "_max"] = values.back();
}

void BM_ContestedRefresh(benchmark::State& state) {
  testing::RedisServer server;
  if (!testing::redis_server_available() || !server.start()) {
    std::fprintf(stderr, "BASELINE MISSING: redis-server did not start\n");
    std::exit(77);  // NOLINT(concurrency-mt-unsafe): one thread yet, and the code says so
  }
  Counts polling;
  Counts notified;
  for (auto _ : state) {
    Fleet fleet(server);
    for (int round = 0; round < kRounds; ++round) {
      if (!fleet.contest(*fleet.polling_replica, *fleet.polling, polling) ||
          !fleet.contest(*fleet.notified_replica, *fleet.notified, notified)) {
        state.SkipWithError("a contested refresh failed");
        return;
      }
    }
  }
  report(state, "polling_loads", polling.loads);
  report(state, "polling_leases", polling.lease_requests);
  report(state, "notified_loads", notified.loads);
  report(state, "notified_leases", notified.lease_requests);
}
BENCHMARK(BM_ContestedRefresh)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace freshauth

BENCHMARK_MAIN();
