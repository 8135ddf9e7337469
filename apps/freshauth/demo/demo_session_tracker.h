#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "freshauth/core/refresh_policy.h"
#include "freshauth/core/session_observer.h"

namespace freshauth::cli {

// Watches one engine for the demo: counts refresh outcomes and keeps the current session's
// generation, expiry and refresh deadline where the load threads and the progress bar can read
// them without a lock.
class SessionTracker final : public SessionObserver {
 public:
  explicit SessionTracker(RefreshPolicy policy) : policy_(policy) {}

  // For sessions the engine does not report (sign-ins).
  void track(const Session& session);

  void on_refreshed(const Session& session) override;
  void on_refresh_failed(FailureClass failure, const Error& error) override;

  // Whether a request issued at `now` finds the current session inside its refresh window
  // (RefreshPolicy::deadlines_for(session).soft <= now).
  bool in_refresh_window(TimePoint now) const;

  std::uint64_t refreshes() const { return refreshes_.load(std::memory_order_relaxed); }
  std::uint64_t failed_refreshes() const { return failed_.load(std::memory_order_relaxed); }
  std::uint64_t refresh_calls() const { return refreshes() + failed_refreshes(); }
  std::uint64_t generation() const { return generation_.load(std::memory_order_relaxed); }
  TimePoint expires_at() const { return at(expires_at_); }

 private:
  static TimePoint at(const std::atomic<Duration::rep>& ticks) {
    return TimePoint{Duration{ticks.load(std::memory_order_relaxed)}};
  }

  const RefreshPolicy policy_;
  std::atomic<std::uint64_t> refreshes_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<Duration::rep> expires_at_{0};
  std::atomic<Duration::rep> soft_deadline_{0};
};

}  // namespace freshauth::cli
