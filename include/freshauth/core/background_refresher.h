#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <thread>

#include "freshauth/core/session_engine.h"

namespace freshauth {

struct BackgroundRefresherOptions {
  Duration tick = std::chrono::seconds{60};
  double tick_jitter = 0.1;  ///< each wait is tick * [1 - jitter, 1 + jitter]
  Duration margin = std::chrono::minutes{10};
  /// A service account: signs in at start when there is no session, and again if the session dies.
  std::optional<Credentials> credentials;
  SessionContext context;
  /// Called from the refresher's thread for failures nobody else would see (e.g. a sign-in).
  std::function<void(const Error&)> on_error;
  std::optional<std::uint64_t> random_seed;
};

/// The seed's server-side variant: sign in once, then keep the session refreshed from a background
/// thread so the request path never waits for a refresh. Stops promptly: the wait is interrupted,
/// not slept out.
class BackgroundRefresher {
 public:
  BackgroundRefresher(SessionEngine& engine, BackgroundRefresherOptions options);
  ~BackgroundRefresher();
  BackgroundRefresher(const BackgroundRefresher&) = delete;
  BackgroundRefresher& operator=(const BackgroundRefresher&) = delete;

  /// Signs in if needed (on the caller's thread, so a bad password fails start-up), then ticks.
  Result<void> start();
  void stop();

  std::uint64_t ticks() const { return ticks_.load(std::memory_order_relaxed); }

 private:
  void run(const std::stop_token& stop, TimePoint first_deadline);
  void tick_once();
  Result<void> sign_in();
  Duration next_wait();

  SessionEngine& engine_;
  BackgroundRefresherOptions options_;
  std::minstd_rand random_;
  std::atomic<std::uint64_t> ticks_{0};
  std::jthread thread_;
};

}  // namespace freshauth
