#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "freshauth/redis/client.h"
#include "freshauth/stores/encryption_key.h"
#include "gateway/pending_login_seal.h"
#include "gateway/pending_login_store.h"

// Sign-ins waiting in Redis, so that a fleet's replicas finish each other's: /auth/login at one,
// /auth/callback at any other. Each is one key, `<prefix>login:<SHA-256 of the state>`, holding
// the login sealed (PendingLoginSeal) and expiring with the login's lifetime; GETDEL takes it,
// so at most one callback across the fleet gets it. Safe to call from any thread.
namespace freshauth::gateway {

struct RedisPendingLoginsOptions {
  std::string prefix = "freshauth:";  ///< before every key, as for the sessions
  std::chrono::seconds lifetime = kPendingLoginLifetime;
};

class RedisPendingLogins final : public PendingLoginStore {
 public:
  // Refuses a Redis older than 6.2 (no GETDEL), saying so; `session_key` is the key the sessions
  // in that Redis are sealed with.
  static Result<std::shared_ptr<RedisPendingLogins>> open(std::shared_ptr<redis::Client> client,
                                                          const EncryptionKey& session_key,
                                                          RedisPendingLoginsOptions options = {});

  Result<void> put(const std::string& state, const PendingLogin& login) override;
  Result<std::optional<PendingLogin>> take(const std::string& state, TimePoint now) override;

  // The Redis key a login with `state` is kept under (for tests and operators).
  std::string redis_key(const std::string& state) const;

 private:
  RedisPendingLogins(std::shared_ptr<redis::Client> client, const EncryptionKey& session_key,
                     RedisPendingLoginsOptions options);

  std::shared_ptr<redis::Client> client_;
  PendingLoginSeal seal_;
  RedisPendingLoginsOptions options_;
};

}  // namespace freshauth::gateway
