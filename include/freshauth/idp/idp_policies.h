#pragma once

#include <chrono>

namespace freshauth::idp {

/// Argon2id cost. `minimal` is for tests only: the hash string records its own cost, so verifying
/// is always as expensive as hashing was.
enum class PasswordCost { interactive, minimal };

/// How many wrong passwords a username may send before it must wait.
struct ThrottlePolicy {
  int failures_allowed = 5;          ///< within one window; the next attempt is refused
  std::chrono::seconds window{300};  ///< starts at the first failure
};

/// Limits on MFA challenges, after Cognito's.
struct MfaPolicy {
  std::chrono::seconds session_lifetime{180};  ///< Cognito's 3 minutes
  int wrong_codes_per_session = 3;             ///< then the session is gone
  int wrong_codes_per_user = 5;                ///< within `throttle_window`: then 429
  std::chrono::seconds throttle_window{300};
};

}  // namespace freshauth::idp
