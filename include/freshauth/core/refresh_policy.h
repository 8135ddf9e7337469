#pragma once

#include <chrono>

#include "freshauth/core/clock.h"
#include "freshauth/core/session.h"

namespace freshauth {

/// The instants at which a session stops being fresh (refresh in the background) and stops being
/// safe to use without waiting (callers block on the refresh). Always soft <= hard <= expiry.
struct RefreshDeadlines {
  TimePoint soft;
  TimePoint hard;
};

struct RefreshPolicy {
  /// Refresh in the background once less than this remains (the partner API's reference: 5 min)...
  Duration threshold = std::chrono::minutes{5};
  /// ...but never earlier than this fraction of the token's lifetime before expiry, so a 30 s token
  /// is refreshed about once per half-life rather than on every call. 1.0 turns the cap off.
  double max_threshold_fraction = 0.5;
  /// Callers wait for the refresh once less than this remains (capped at half the threshold).
  Duration hard_window = std::chrono::seconds{30};
  /// In the soft window callers get the current token at once; false makes them wait instead.
  bool serve_current_in_soft_window = true;
  /// Take expiry from the token's own exp/iat claims too, not only from the server's ExpiresIn.
  bool trust_token_claims = true;

  /// Transient-failure backoff: initial * 2^(attempt-1), capped, then scaled by a random factor in
  /// [1 - jitter, 1] so that many clients do not retry in lockstep.
  Duration backoff_initial = std::chrono::seconds{1};
  Duration backoff_max = std::chrono::seconds{30};
  double backoff_jitter = 0.5;

  RefreshDeadlines deadlines_for(const Session& session) const;
  /// `attempt` counts failures so far (1 after the first); `unit_random` is uniform in [0, 1).
  Duration backoff_after(int attempt, double unit_random) const;
};

}  // namespace freshauth
