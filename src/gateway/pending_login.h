#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "freshauth/core/clock.h"

// A sign-in between `/auth/login` and `/auth/callback`: what the callback needs (the PKCE
// verifier, the nonce, where to return) under the random `state` sent to the provider. Bound to
// the browser that started it (a hash of a short-lived login cookie), so a callback URL carried
// to another browser signs nobody in there.
namespace freshauth::gateway {

// How long a sign-in may take, from /auth/login to /auth/callback.
inline constexpr std::chrono::minutes kPendingLoginLifetime{10};

struct PendingLogin {
  std::string code_verifier;
  std::string nonce;
  std::string return_to;
  std::string browser_binding;  ///< SHA-256 hex of the login cookie's value
  TimePoint started_at;
};

// Whether `login` was started by the browser whose login cookie hashes to `browser_binding`
// (compared in constant time).
bool started_by(const PendingLogin& login, std::string_view browser_binding);

}  // namespace freshauth::gateway
