#include "gateway/redis_pending_logins.h"

#include <algorithm>
#include <cstdint>

#include "freshauth/redis/server_version.h"
#include "freshauth/security/sha256.h"

namespace freshauth::gateway {

Result<std::shared_ptr<RedisPendingLogins>> RedisPendingLogins::open(
    std::shared_ptr<redis::Client> client, const EncryptionKey& session_key,
    RedisPendingLoginsOptions options) {
  auto version =
      redis::require_server_version(*client, {6, 2, 0}, "GETDEL (sign-ins any replica finishes)");
  if (!version) return version.error();
  return std::shared_ptr<RedisPendingLogins>{
      new RedisPendingLogins(std::move(client), session_key, std::move(options))};
}

RedisPendingLogins::RedisPendingLogins(std::shared_ptr<redis::Client> client,
                                       const EncryptionKey& session_key,
                                       RedisPendingLoginsOptions options)
    : client_(std::move(client)), seal_(session_key), options_(std::move(options)) {}

// A hash, not the state: the state alone is half of what finishes a sign-in (the other half is
// the browser's login cookie), and whoever can list the keys should not learn it.
std::string RedisPendingLogins::redis_key(const std::string& state) const {
  return options_.prefix + "login:" + sha256_hex(state);
}

Result<void> RedisPendingLogins::put(const std::string& state, const PendingLogin& login) {
  const std::string key = redis_key(state);
  const auto lifetime_ms = std::chrono::milliseconds{options_.lifetime}.count();
  auto stored = client_->command({"SET", key, seal_.seal(login, key), "PX",
                                  std::to_string(std::max<std::int64_t>(1, lifetime_ms))});
  if (!stored) return stored.error();
  return {};
}

Result<std::optional<PendingLogin>> RedisPendingLogins::take(const std::string& state,
                                                             TimePoint now) {
  const std::string key = redis_key(state);
  auto taken = client_->command({"GETDEL", key});
  if (!taken) return taken.error();
  if (taken->is_nil()) return std::optional<PendingLogin>{};
  // A value that does not open was not put here for this state: as good as unknown.
  auto login = seal_.open(taken->text, key);
  if (!login || now >= login->started_at + options_.lifetime) return std::optional<PendingLogin>{};
  return login;
}

}  // namespace freshauth::gateway
