#include "idp/attempt_throttle.h"

#include <algorithm>

namespace freshauth::idp {
namespace {

// Past this many tracked keys, ended windows are swept on the next failure (a spray of made-up
// usernames must not grow the map without bound).
constexpr std::size_t kSweepAbove = 4096;

}  // namespace

AttemptThrottle::AttemptThrottle(std::shared_ptr<const Clock> clock, ThrottlePolicy policy)
    : clock_(std::move(clock)), policy_(policy) {}

Result<void> AttemptThrottle::check(const std::string& key) {
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  const auto it = failures_.find(key);
  if (it == failures_.end()) return {};
  const auto window_end = it->second.window_start + policy_.window;
  if (now >= window_end) {
    failures_.erase(it);
    return {};
  }
  if (it->second.count < policy_.failures_allowed) return {};
  const auto wait = std::chrono::ceil<std::chrono::seconds>(window_end - now);
  return Error{Errc::transient, "Too many failed attempts; try again later.",
               std::max(wait, std::chrono::seconds{1})};
}

void AttemptThrottle::failed(const std::string& key) {
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  if (failures_.size() > kSweepAbove) forget_ended_windows(now);
  auto& failures = failures_[key];
  if (failures.count > 0 && now >= failures.window_start + policy_.window) failures = {};
  if (failures.count == 0) failures.window_start = now;
  ++failures.count;
}

void AttemptThrottle::succeeded(const std::string& key) {
  std::lock_guard lock{mutex_};
  failures_.erase(key);
}

void AttemptThrottle::forget_ended_windows(TimePoint now) {
  std::erase_if(failures_, [&](const auto& entry) {
    return now >= entry.second.window_start + policy_.window;
  });
}

}  // namespace freshauth::idp
