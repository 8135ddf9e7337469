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
  const std::shared_ptr<const Session>* handle = nullptr;  // an OwnedSnapshot's handle
  TimePoint fresh_until{};
  std::uint32_t calls = 0;
};

// This thread's own owner of a Session. A cache line to itself, so that the reference count the
// fast path bumps for every SessionSnapshot is written by this thread only: one count shared by
// all threads would bounce between cores on every call.
struct alignas(64) SessionHolder {
  std::shared_ptr<const Session> session;
};

// Per thread and engine: the handle that the fast path copies into each SessionSnapshot. It
// points at the engine's current Session but shares ownership of this thread's SessionHolder.
// Replaced only when that thread asks the same engine again and the session has changed;
// snapshots handed out earlier keep their holder, and so their Session, alive.
struct OwnedSnapshot {
  std::uint64_t engine_id = 0;
  std::shared_ptr<const Session> handle;
  std::weak_ptr<int> engine_alive;

  void hold(const std::shared_ptr<const Session>& session) {
    // Same address means same Session: the handle keeps its Session alive, so no new one can
    // have been allocated there.
    if (handle.get() == session.get()) return;
    auto holder = std::make_shared<SessionHolder>(SessionHolder{session});
    handle = std::shared_ptr<const Session>(holder, holder->session.get());
  }
};

class SnapshotOwners {
 public:
  // The entry's address stays put until its engine is gone: HotSnapshot::handle points into it.
  static OwnedSnapshot& find_or_add(std::uint64_t engine_id, const std::shared_ptr<int>& alive) {
    auto& all = entries();
    for (auto& entry : all) {
      if (entry->engine_id == engine_id) return *entry;
    }
    // Threads that outlive many engines would otherwise keep their last sessions forever.
    if (all.size() >= kPurgeAbove) {
      std::erase_if(all, [](const auto& e) { return e->engine_alive.expired(); });
    }
    all.push_back(std::make_unique<OwnedSnapshot>(OwnedSnapshot{engine_id, nullptr, alive}));
    return *all.back();
  }

 private:
  static constexpr std::size_t kPurgeAbove = 8;
  static std::vector<std::unique_ptr<OwnedSnapshot>>& entries() {
    thread_local std::vector<std::unique_ptr<OwnedSnapshot>> owners;
    return owners;
  }
};

}  // namespace freshauth::detail
