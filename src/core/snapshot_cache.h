#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/session.h"

namespace freshauth::detail {

// What the ensure_fresh() fast path reads: this thread's view of the engine it used last. Plain
// data in constinit thread-local storage, so reading it is a few loads that no other thread
// writes, and never a call or a cache-line transfer.
struct HotSnapshot {
  std::uint64_t engine_id = 0;
  std::uint64_t version = 0;
  const Session* session = nullptr;
  TimePoint fresh_until{};
  std::uint32_t calls = 0;
};

// Keeps alive, per thread and engine, the Session that a HotSnapshot or a returned reference
// points to; replaced only when that thread asks the same engine again.
struct OwnedSnapshot {
  std::uint64_t engine_id = 0;
  std::shared_ptr<const Session> session;
  std::weak_ptr<int> engine_alive;
};

class SnapshotOwners {
 public:
  static OwnedSnapshot& find_or_add(std::uint64_t engine_id, const std::shared_ptr<int>& alive) {
    auto& all = entries();
    for (auto& entry : all) {
      if (entry.engine_id == engine_id) return entry;
    }
    // Threads that outlive many engines would otherwise keep their last sessions forever.
    if (all.size() >= kPurgeAbove) {
      std::erase_if(all, [](const OwnedSnapshot& e) { return e.engine_alive.expired(); });
    }
    all.push_back(OwnedSnapshot{engine_id, nullptr, alive});
    return all.back();
  }

 private:
  static constexpr std::size_t kPurgeAbove = 8;
  static std::vector<OwnedSnapshot>& entries() {
    thread_local std::vector<OwnedSnapshot> owners;
    return owners;
  }
};

}  // namespace freshauth::detail
