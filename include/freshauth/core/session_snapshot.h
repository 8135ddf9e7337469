#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "freshauth/core/clock.h"
#include "freshauth/core/session.h"

namespace freshauth {

class SessionEngine;

/// What a caller of SessionEngine::ensure_fresh() gets: the tokens and partner id of one session,
/// consistent with each other and valid for as long as the caller holds the snapshot, across later
/// refreshes. Cheap to copy. It offers no way to the refresh token, which stays in the engine.
class SessionSnapshot {
 public:
  /// A snapshot of `session`, which must not be null.
  explicit SessionSnapshot(std::shared_ptr<const Session> session) : session_(std::move(session)) {
    if (!session_) throw std::invalid_argument("SessionSnapshot needs a session");
  }

  /// The bearer token for API calls.
  const std::string& access_token() const noexcept { return session_->access_token; }
  /// The OpenID Connect id token (empty when the server issued none).
  const std::string& id_token() const noexcept { return session_->id_token; }
  /// The partner the session acts for (empty when none).
  const std::string& partner_id() const noexcept { return session_->partner_id; }
  /// Local time the request that produced the tokens was sent.
  TimePoint obtained_at() const noexcept { return session_->obtained_at; }
  /// Local time the access token stops working.
  TimePoint expires_at() const noexcept { return session_->expires_at; }
  /// Grows with every sign-in and refresh; pass it to SessionEngine::report_unauthorized().
  std::uint64_t generation() const noexcept { return session_->generation; }

 private:
  friend class SessionEngine;
  struct Unchecked {};
  /// For the engine's fast path: `session` is known to be set.
  SessionSnapshot(Unchecked, const std::shared_ptr<const Session>& session) noexcept
      : session_(session) {}

  /// May share ownership with a per-thread holder rather than with the Session itself (an
  /// aliasing shared_ptr), so that copies made on one thread touch only that thread's counter.
  std::shared_ptr<const Session> session_;
};

}  // namespace freshauth
