#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "freshauth/core/shared_session_store.h"

namespace freshauth::testing {

// A SharedSessionStore in memory, with the Redis store's rules (fence counter, lease, fenced
// save, erase unless newer) and no expiry: the SessionTable's side of the protocol without a
// server. `down` makes every call fail as an unreachable store does.
class MemorySharedStore : public SharedSessionStore {
 public:
  std::atomic<bool> down{false};
  std::atomic<int> leases_taken{0};

  Result<std::uint64_t> save_new(const std::string& key, const Session& session,
                                 TimePoint created_at) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    const std::uint64_t fence = ++fences_[key];
    records_[key] = SharedRecord{session, created_at, fence};
    return fence;
  }
  Result<void> save(const std::string& key, const Session& session, TimePoint created_at) override {
    auto saved = save_new(key, session, created_at);
    if (!saved) return saved.error();
    return {};
  }
  Result<std::optional<SharedRecord>> load(const std::string& key) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    const auto found = records_.find(key);
    if (found == records_.end()) return std::optional<SharedRecord>{};
    return std::optional<SharedRecord>{found->second};
  }
  Result<LeaseAttempt> try_lease(const std::string& key,
                                 std::chrono::milliseconds /*ttl*/) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    LeaseAttempt attempt;
    if (!records_.contains(key)) {
      attempt.record_missing = true;
    } else if (!leases_.contains(key)) {
      const RefreshLease lease{"owner-" + std::to_string(++owners_), ++fences_[key]};
      leases_[key] = lease.owner;
      attempt.lease = lease;
      ++leases_taken;
    }
    return attempt;
  }
  Result<bool> save_fenced(const std::string& key, const Session& session, TimePoint created_at,
                           const RefreshLease& lease) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    const bool current = records_.contains(key) && fences_[key] == lease.fence;
    if (current) records_[key] = SharedRecord{session, created_at, lease.fence};
    release_locked(key, lease);
    return current;
  }
  Result<void> release(const std::string& key, const RefreshLease& lease) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    release_locked(key, lease);
    return {};
  }
  Result<bool> touch(const std::string& key, TimePoint /*now*/) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    return records_.contains(key);
  }
  Result<void> erase_unless_newer(const std::string& key, std::uint64_t fence) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    const auto found = records_.find(key);
    if (found != records_.end() && found->second.fence <= fence) {
      records_.erase(found);
      ++fences_[key];
    }
    return {};
  }
  Result<void> erase(const std::string& key) override {
    return erase_unless_newer(key, ~std::uint64_t{0});
  }

  // What a replica killed inside its refresh leaves: a lease nobody will release.
  void abandon_lease(const std::string& key) {
    const std::lock_guard lock(mutex_);
    leases_[key] = "dead";
    ++fences_[key];
  }
  // The lease's expiry on the store's clock.
  void expire_lease(const std::string& key) {
    const std::lock_guard lock(mutex_);
    leases_.erase(key);
  }
  Result<std::optional<std::size_t>> count_planned_refresh(const std::vector<std::int64_t>& seconds,
                                                           std::uint32_t crowded) override {
    const std::lock_guard lock(mutex_);
    if (down) return unreachable();
    std::size_t best = 0;
    if (plans_[seconds.front()] >= crowded) {
      for (std::size_t i = 1; i < seconds.size(); ++i) {
        if (plans_[seconds[i]] < plans_[seconds[best]]) best = i;
      }
    }
    ++plans_[seconds[best]];
    return std::optional<std::size_t>{best};
  }
  std::uint32_t plans_in(std::int64_t second) {
    const std::lock_guard lock(mutex_);
    return plans_[second];
  }
  std::optional<SharedRecord> record(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto found = records_.find(key);
    if (found == records_.end()) return std::nullopt;
    return found->second;
  }

 private:
  static Error unreachable() { return Error{Errc::storage, "the store is down (test)", {}}; }
  void release_locked(const std::string& key, const RefreshLease& lease) {
    if (auto found = leases_.find(key); found != leases_.end() && found->second == lease.owner) {
      leases_.erase(found);
    }
  }

  std::mutex mutex_;
  std::map<std::string, SharedRecord> records_;
  std::map<std::string, std::uint64_t> fences_;
  std::map<std::string, std::string> leases_;
  std::map<std::int64_t, std::uint32_t> plans_;  // by epoch second, never forgotten
  int owners_ = 0;
};

}  // namespace freshauth::testing
