#include "freshauth/core/background_refresher.h"

#include <algorithm>

namespace freshauth {

BackgroundRefresher::BackgroundRefresher(SessionEngine& engine, BackgroundRefresherOptions options)
    : engine_(engine),
      options_(std::move(options)),
      random_(options_.random_seed.value_or(std::random_device{}())) {}

BackgroundRefresher::~BackgroundRefresher() { stop(); }

Result<void> BackgroundRefresher::start() {
  if (thread_.joinable())
    return Error{Errc::invalid_argument, "the refresher is already running", {}};
  if (!engine_.current()) {
    if (!options_.credentials) {
      return Error{Errc::not_signed_in,
                   "no session to keep fresh: sign in first or give the refresher credentials",
                   {}};
    }
    if (auto signed_in = sign_in(); !signed_in) return signed_in;
  }
  // Scheduled from here, not from when the thread gets going, so no tick is lost to a late start.
  const TimePoint first = engine_.clock().now() + next_wait();
  thread_ = std::jthread([this, first](const std::stop_token& stop) { run(stop, first); });
  return {};
}

void BackgroundRefresher::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

void BackgroundRefresher::run(const std::stop_token& stop, TimePoint deadline) {
  const Clock& clock = engine_.clock();
  while (clock.sleep_until(deadline, stop)) {
    tick_once();
    // Fixed rate; after a long pause (a suspended machine) skip the missed ticks, not burst.
    deadline += next_wait();
    if (deadline < clock.now()) deadline = clock.now() + next_wait();
    ticks_.fetch_add(1, std::memory_order_release);  // after the next deadline is set
  }
}

void BackgroundRefresher::tick_once() {
  auto refreshed = engine_.refresh_if_within(options_.margin);
  if (refreshed) return;
  const Errc code = refreshed.error().code;
  // Refresh failures already reach the engine's observers; a dead session is ours to revive.
  if ((code == Errc::session_expired || code == Errc::not_signed_in) && options_.credentials) {
    if (auto signed_in = sign_in(); !signed_in && options_.on_error) {
      options_.on_error(signed_in.error());
    }
  }
}

Result<void> BackgroundRefresher::sign_in() {
  auto outcome = engine_.sign_in(*options_.credentials, options_.context);
  if (!outcome) return outcome.error();
  if (outcome->has_value()) {
    return Error{Errc::mfa_required,
                 "the server asked for an MFA code: turn MFA off for service accounts and rely on "
                 "a strong password and network controls",
                 {}};
  }
  return {};
}

Duration BackgroundRefresher::next_wait() {
  const double jitter = std::clamp(options_.tick_jitter, 0.0, 1.0);
  const double scale = std::uniform_real_distribution<double>{1.0 - jitter, 1.0 + jitter}(random_);
  return std::chrono::duration_cast<Duration>(options_.tick * scale);
}

}  // namespace freshauth
