#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/shared_session_store.h"
#include "freshauth/redis/client.h"
#include "freshauth/stores/encryption_key.h"
#include "freshauth/stores/loaded_table_sessions.h"

namespace freshauth {

namespace detail {
class RedisChangeNotices;
}

struct RedisSessionTableStoreOptions {
  /// Put before every key, so that several gateways (or other programs) share one Redis.
  std::string prefix = "freshauth:";
  /// Records expire this long after sign-in (the table's absolute timeout); 0: never.
  Duration absolute_timeout{0};
  /// ...and this long after the last request any replica served with them (touch()); 0: never.
  Duration idle_timeout{0};
};

/// A SessionTable's sessions in Redis, shared by the replicas of a gateway (docs/fleet.md). Per
/// key: a hash `<prefix>session:{key}` (fence, creation time, the session sealed with
/// XChaCha20-Poly1305 as SqliteSessionTableStore seals it, so no token leaves the process in
/// the clear), a counter `<prefix>fence:{key}` and a lease `<prefix>lease:{key}`. Every change
/// is one Lua script, atomic on the server. Saves, lease releases and erases are published on
/// the channel `<prefix>changes` (the message: the record's Redis key, never a token), which
/// watch() listens to on a connection and a thread of its own, opened with the first watch. The
/// fleet's refresh plans are counted per second (count_planned_refresh()).
/// Safe to call from any thread.
class RedisSessionTableStore final : public SharedSessionStore {
 public:
  static std::shared_ptr<RedisSessionTableStore> open(std::shared_ptr<redis::Client> client,
                                                      const EncryptionKey& key,
                                                      RedisSessionTableStoreOptions options = {});
  /// Stops the subscriber (and wakes the watches still waiting).
  ~RedisSessionTableStore() override;
  RedisSessionTableStore(const RedisSessionTableStore&) = delete;
  RedisSessionTableStore& operator=(const RedisSessionTableStore&) = delete;

  Result<void> save(const std::string& key, const Session& session, TimePoint created_at) override;
  Result<void> erase(const std::string& key) override;
  Result<std::uint64_t> save_new(const std::string& key, const Session& session,
                                 TimePoint created_at) override;
  Result<std::optional<SharedRecord>> load(const std::string& key) override;
  Result<LeaseAttempt> try_lease(const std::string& key, std::chrono::milliseconds ttl) override;
  Result<bool> save_fenced(const std::string& key, const Session& session, TimePoint created_at,
                           const RefreshLease& lease) override;
  Result<void> release(const std::string& key, const RefreshLease& lease) override;
  Result<void> erase_unless_newer(const std::string& key, std::uint64_t fence) override;
  Result<bool> touch(const std::string& key, TimePoint now) override;
  /// Woken by the changes published by every store on this Redis and prefix. While they are not
  /// heard (before the subscriber has subscribed, while it reconnects after an outage), waits
  /// last `poll` at most.
  std::unique_ptr<ChangeWatch> watch(const std::string& key,
                                     std::chrono::milliseconds poll) override;
  /// Whether the changes are heard now (subscribed); false before the first watch().
  bool hears_changes() const;
  /// In counters `<prefix>plans:{calendar}:<second>`, each expiring a minute after its second.
  Result<std::optional<std::size_t>> count_planned_refresh(const std::vector<std::int64_t>& seconds,
                                                           std::uint32_t crowded) override;

  /// Every record under the prefix (SCAN); those that do not open are skipped and reported.
  Result<LoadedTableSessions> load_all();

  /// The Redis keys of `key`'s record, fence and lease (for tests and operators).
  std::string record_key(const std::string& key) const;
  std::string fence_key(const std::string& key) const;
  std::string lease_key(const std::string& key) const;
  /// The channel the changes are published on.
  std::string changes_channel() const;

 private:
  RedisSessionTableStore(std::shared_ptr<redis::Client> client, const EncryptionKey& key,
                         RedisSessionTableStoreOptions options);
  std::string origin() const;
  // When a record created at `created_at_ms` and last used at `now` expires; 0: never.
  std::int64_t expire_at_ms(std::int64_t created_at_ms, TimePoint now) const;
  Result<redis::Reply> fetch(const std::string& key);
  Result<std::optional<SharedRecord>> decode(const std::string& key,
                                             const redis::Reply& reply) const;

  std::shared_ptr<redis::Client> client_;
  EncryptionKey key_;
  RedisSessionTableStoreOptions options_;
  std::unique_ptr<detail::RedisChangeNotices> notices_;
};

}  // namespace freshauth
