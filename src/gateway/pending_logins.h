#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "freshauth/core/clock.h"

// Sign-ins between `/auth/login` and `/auth/callback`: what the callback needs (the PKCE
// verifier, the nonce, where to return) under the random `state` sent to the provider. Each is
// used once, expires, and is bound to the browser that started it (a hash of a short-lived login
// cookie), so a callback URL carried to another browser signs nobody in there. Bounded: the
// oldest are dropped first when a flood of logins that never finish fills it.
namespace freshauth::gateway {

struct PendingLogin {
  std::string code_verifier;
  std::string nonce;
  std::string return_to;
  std::string browser_binding;  ///< SHA-256 hex of the login cookie's value
  TimePoint started_at;
};

class PendingLogins {
 public:
  explicit PendingLogins(std::chrono::seconds lifetime = std::chrono::minutes{10},
                         std::size_t capacity = 10'000);

  // Remembers `login` and returns its `state`: 32 random bytes, base64url.
  std::string begin(PendingLogin login);
  // The login `state` names, once: nullopt when unknown, used, expired at `now`, or started by
  // another browser (then it is gone too, so it cannot be retried).
  std::optional<PendingLogin> take(std::string_view state, std::string_view browser_binding,
                                   TimePoint now);
  std::size_t size() const;

 private:
  const std::chrono::seconds lifetime_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, PendingLogin> logins_;
  std::deque<std::string> order_;  // states, oldest first; may name logins already taken
};

}  // namespace freshauth::gateway
