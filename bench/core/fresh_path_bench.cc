// The cost of ensure_fresh() when the token is fresh (the path every request takes), next to
// the obvious alternative: a std::mutex around the current session. Run with 1 and 2 threads;
// items_per_second is calls per second summed over threads.
#include <benchmark/benchmark.h>

#include <memory>
#include <mutex>

#include "freshauth/core/session_engine.h"
#include "support/fake_authenticator.h"

namespace freshauth {
namespace {

template <class ClockT>
struct SignedInEngine {
  SignedInEngine() {
    SessionEngineOptions options;
    options.clock = clock;
    engine = std::make_unique<SessionEngine>(auth, options);
    (void)engine->sign_in({"bench", "correct horse"}, {"partner", {}, {}}).value();
  }
  std::shared_ptr<ClockT> clock = std::make_shared<ClockT>();
  std::shared_ptr<testing::FakeAuthenticator> auth =
      std::make_shared<testing::FakeAuthenticator>(*clock, std::chrono::hours{1});
  std::unique_ptr<SessionEngine> engine;
};

// What a careful hand-written cache does: lock, check expiry, hand out the session.
class MutexGuardedSession {
 public:
  explicit MutexGuardedSession(const Clock& clock, std::shared_ptr<const Session> session)
      : clock_(clock), session_(std::move(session)) {}
  const Session* get() {
    const std::lock_guard lock(mutex_);
    if (clock_.now() >= session_->expires_at - std::chrono::minutes{5}) return nullptr;
    return session_.get();
  }

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::shared_ptr<const Session> session_;
};

template <class ClockT>
void BM_EnsureFresh(benchmark::State& state) {
  static SignedInEngine<ClockT>* shared = nullptr;
  if (state.thread_index() == 0) shared = new SignedInEngine<ClockT>();
  for (auto _ : state) {
    // Taken and dropped each time, as a request does: both ends of the snapshot's lifetime count.
    const SessionSnapshot snapshot = shared->engine->ensure_fresh();
    benchmark::DoNotOptimize(&snapshot);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete shared;
    shared = nullptr;
  }
}

template <class ClockT>
void BM_MutexBaseline(benchmark::State& state) {
  static SignedInEngine<ClockT>* engine = nullptr;
  static MutexGuardedSession* baseline = nullptr;
  if (state.thread_index() == 0) {
    engine = new SignedInEngine<ClockT>();
    baseline = new MutexGuardedSession(*engine->clock, engine->engine->current());
  }
  for (auto _ : state) benchmark::DoNotOptimize(baseline->get());
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete baseline;
    delete engine;
  }
}

// What handing every caller a copy of the one shared_ptr<const Session> would cost: all threads
// bump the same reference count. ensure_fresh() gives each thread's copies their own count.
void BM_SharedCountBaseline(benchmark::State& state) {
  static std::shared_ptr<const Session>* shared = nullptr;
  if (state.thread_index() == 0) shared = new std::shared_ptr<const Session>(new Session{});
  for (auto _ : state) {
    const std::shared_ptr<const Session> copy = *shared;
    benchmark::DoNotOptimize(&copy);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete shared;
    shared = nullptr;
  }
}

void BM_SystemClockRead(benchmark::State& state) {
  const SystemClock clock;
  for (auto _ : state) benchmark::DoNotOptimize(clock.now());
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_EnsureFresh<SystemClock>)
    ->Name("ensure_fresh/system_clock")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_MutexBaseline<SystemClock>)
    ->Name("mutex_baseline/system_clock")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_EnsureFresh<ManualClock>)
    ->Name("ensure_fresh/manual_clock")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_MutexBaseline<ManualClock>)
    ->Name("mutex_baseline/manual_clock")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_SharedCountBaseline)
    ->Name("shared_count_baseline")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_SystemClockRead)
    ->Name("clock_read/system_clock")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

}  // namespace
}  // namespace freshauth

BENCHMARK_MAIN();
