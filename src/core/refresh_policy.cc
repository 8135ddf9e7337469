#include "freshauth/core/refresh_policy.h"

#include <algorithm>

namespace freshauth {

RefreshDeadlines RefreshPolicy::deadlines_for(const Session& session) const {
  const Duration lifetime = std::max(session.lifetime(), Duration::zero());
  const auto fraction = std::clamp(max_threshold_fraction, 0.0, 1.0);
  const auto capped = std::chrono::duration_cast<Duration>(lifetime * fraction);
  const Duration soft_lead = std::min(threshold, capped);
  const Duration hard_lead = std::min(hard_window, soft_lead / 2);
  if (!serve_current_in_soft_window) {
    return {session.expires_at - soft_lead, session.expires_at - soft_lead};
  }
  return {session.expires_at - soft_lead, session.expires_at - hard_lead};
}

Duration RefreshPolicy::backoff_after(int attempt, double unit_random) const {
  Duration delay = backoff_initial;
  for (int i = 1; i < attempt && delay < backoff_max; ++i) delay *= 2;
  delay = std::min(delay, backoff_max);
  const double jitter = std::clamp(backoff_jitter, 0.0, 1.0);
  const double scale = 1.0 - jitter * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::duration_cast<Duration>(delay * scale);
}

}  // namespace freshauth
