#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/session.h"

namespace freshauth::detail {

// Each thread's copy of the sessions it last saw, one per engine. Reading it touches no memory
// shared with other threads, which keeps the ensure_fresh() fast path free of cache-line
// contention; the shared_ptr it holds keeps the returned Session alive for the caller.
struct CachedSnapshot {
  std::uint64_t engine_id = 0;
  std::uint64_t version = 0;
  std::shared_ptr<const Session> session;
  TimePoint fresh_until{TimePoint::min()};
  std::weak_ptr<int> engine_alive;
};

class SnapshotCache {
 public:
  static CachedSnapshot* find(std::uint64_t engine_id) {
    for (auto& entry : entries()) {
      if (entry.engine_id == engine_id) return &entry;
    }
    return nullptr;
  }

  static CachedSnapshot& find_or_add(std::uint64_t engine_id, const std::shared_ptr<int>& alive) {
    if (CachedSnapshot* found = find(engine_id)) return *found;
    auto& all = entries();
    if (all.size() >= kPurgeAbove) std::erase_if(all, [](auto& e) { return e.engine_alive.expired(); });
    all.push_back(CachedSnapshot{engine_id, 0, nullptr, TimePoint::min(), alive});
    return all.back();
  }

 private:
  static constexpr std::size_t kPurgeAbove = 8;
  static std::vector<CachedSnapshot>& entries() {
    thread_local std::vector<CachedSnapshot> cache;
    return cache;
  }
};

}  // namespace freshauth::detail
