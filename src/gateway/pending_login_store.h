#pragma once

#include <optional>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "gateway/pending_login.h"

namespace freshauth::gateway {

// Where sign-ins wait between /auth/login and /auth/callback: in this process
// (MemoryPendingLogins), or in Redis for a fleet whose replicas must finish each other's
// sign-ins (RedisPendingLogins). Errors are the store's own (is_store_unavailable()); an unknown,
// used or expired state is not an error but nothing.
class PendingLoginStore {
 public:
  virtual ~PendingLoginStore() = default;

  // Keeps `login` under `state` (random, 256 bits) until it is taken or its lifetime is over.
  virtual Result<void> put(const std::string& state, const PendingLogin& login) = 0;
  // The login under `state`, at most once: nullopt when unknown, already taken, or expired at
  // `now`.
  virtual Result<std::optional<PendingLogin>> take(const std::string& state, TimePoint now) = 0;
};

}  // namespace freshauth::gateway
