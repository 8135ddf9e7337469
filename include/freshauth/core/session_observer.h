#pragma once

#include "freshauth/core/error.h"
#include "freshauth/core/session.h"

namespace freshauth {

enum class FailureClass { transient, fatal };

/// Hooks for metrics and logs. Called without engine locks held, from whichever thread did the
/// work; implementations must be thread-safe and must not log token values (use fingerprints).
class SessionObserver {
 public:
  virtual ~SessionObserver() = default;
  virtual void on_refreshed(const Session& /*session*/) {}
  virtual void on_refresh_failed(FailureClass /*failure*/, const Error& /*error*/) {}
  virtual void on_session_expired(const Error& /*reason*/) {}
  /// A refreshed or signed-in session could not be persisted; it is still used in memory.
  virtual void on_store_failed(const Error& /*error*/) {}
};

}  // namespace freshauth
