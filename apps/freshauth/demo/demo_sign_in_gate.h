#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "demo/demo_session_tracker.h"
#include "freshauth/core/session_engine.h"

namespace freshauth::cli {

// Signs the demo user in, and in again after a 401 has ended the session: what a user who was
// logged out would do. One thread signs in; the others that found the session gone wait for it.
class SignInGate {
 public:
  SignInGate(SessionEngine& engine, SessionTracker& tracker, Credentials credentials,
             SessionContext context);

  Result<void> sign_in();
  // After a request failed for want of a session. Signs in unless another thread already has.
  void sign_in_again();
  std::uint64_t forced_sign_ins() const { return forced_.load(std::memory_order_relaxed); }

 private:
  Result<void> sign_in_locked();

  SessionEngine& engine_;
  SessionTracker& tracker_;
  const Credentials credentials_;
  const SessionContext context_;
  std::mutex mutex_;
  std::atomic<std::uint64_t> forced_{0};
};

}  // namespace freshauth::cli
