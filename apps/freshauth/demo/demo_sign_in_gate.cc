#include "demo/demo_sign_in_gate.h"

#include <thread>

namespace freshauth::cli {

SignInGate::SignInGate(SessionEngine& engine, SessionTracker& tracker, Credentials credentials,
                       SessionContext context)
    : engine_(engine),
      tracker_(tracker),
      credentials_(std::move(credentials)),
      context_(std::move(context)) {}

Result<void> SignInGate::sign_in() {
  const std::lock_guard lock{mutex_};
  return sign_in_locked();
}

void SignInGate::sign_in_again() {
  const std::lock_guard lock{mutex_};
  if (engine_.current()) return;
  if (sign_in_locked()) {
    forced_.fetch_add(1, std::memory_order_relaxed);
  } else {
    // The server is refusing or unreachable: keep the waiting threads from hammering it.
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
}

Result<void> SignInGate::sign_in_locked() {
  auto signed_in = engine_.sign_in(credentials_, context_);
  if (!signed_in) return signed_in.error();
  if (*signed_in) {
    return Error{Errc::mfa_required, "the demo user should not need a second factor", {}};
  }
  if (const auto session = engine_.current()) tracker_.track(*session);
  return {};
}

}  // namespace freshauth::cli
