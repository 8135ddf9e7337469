#include "demo/demo_session_tracker.h"

#include "freshauth/core/session.h"

namespace freshauth::cli {

void SessionTracker::track(const Session& session) {
  // A slower thread may report an older session after a newer one: keep the newest.
  std::uint64_t seen = generation_.load(std::memory_order_relaxed);
  while (seen < session.generation &&
         !generation_.compare_exchange_weak(seen, session.generation, std::memory_order_relaxed)) {
  }
  if (seen > session.generation) return;
  soft_deadline_.store(policy_.deadlines_for(session).soft.time_since_epoch().count(),
                       std::memory_order_relaxed);
  expires_at_.store(session.expires_at.time_since_epoch().count(), std::memory_order_relaxed);
}

void SessionTracker::on_refreshed(const Session& session) {
  refreshes_.fetch_add(1, std::memory_order_relaxed);
  track(session);
}

void SessionTracker::on_refresh_failed(FailureClass /*failure*/, const Error& /*error*/) {
  failed_.fetch_add(1, std::memory_order_relaxed);
}

bool SessionTracker::in_refresh_window(TimePoint now) const {
  const TimePoint soft = at(soft_deadline_);
  return soft.time_since_epoch().count() != 0 && now >= soft;
}

}  // namespace freshauth::cli
