#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/change_watch.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/core/session.h"
#include "freshauth/core/session_table_store.h"

namespace freshauth {

/// A stored session with the fencing number it was saved under.
struct SharedRecord {
  Session session;
  TimePoint created_at;
  std::uint64_t fence = 0;
};

/// The right, for a while, to refresh one session for the whole fleet.
struct RefreshLease {
  std::string owner;        ///< random: tells this holder's lease from a later one
  std::uint64_t fence = 0;  ///< newer than that of every lease taken on this key before
};

/// What asking for a lease gave.
struct LeaseAttempt {
  std::optional<RefreshLease> lease;  ///< none: another replica holds it
  bool record_missing = false;        ///< the session is gone (signed out, expired)
  /// Held by another: how long its lease has left (0: the store cannot say). A holder that dies
  /// does not save: its lease's expiry is the other thing a waiting replica waits for.
  std::chrono::milliseconds held_for{0};
};

/// A SessionTableStore several processes (gateway replicas) share. A SessionTable given one as
/// its store becomes one replica of a fleet: it loads sessions it has not seen from the store,
/// adopts newer records other replicas saved instead of refreshing, and refreshes only under a
/// lease, saving the result only if no newer lease was taken meanwhile (fencing), so a refresh
/// token is presented to the provider once per rotation across the fleet.
class SharedSessionStore : public SessionTableStore {
 public:
  /// A sign-in: replaces what `key` had under a fence newer than any before; that fence.
  virtual Result<std::uint64_t> save_new(const std::string& key, const Session& session,
                                         TimePoint created_at) = 0;
  /// The record of `key`, nullopt when there is none.
  virtual Result<std::optional<SharedRecord>> load(const std::string& key) = 0;
  /// Takes the refresh lease of `key` for `ttl` if nobody holds it, with a new fence.
  virtual Result<LeaseAttempt> try_lease(const std::string& key, std::chrono::milliseconds ttl) = 0;
  /// Saves a refreshed session only if `lease.fence` is still the newest fence of `key` and the
  /// record still exists; releases the lease if still ours. false: refused (a newer lease was
  /// taken, or the session was erased).
  virtual Result<bool> save_fenced(const std::string& key, const Session& session,
                                   TimePoint created_at, const RefreshLease& lease) = 0;
  /// Releases the lease if it is still ours.
  virtual Result<void> release(const std::string& key, const RefreshLease& lease) = 0;
  /// A request used the session at `now`: the record's idle expiry moves on (never past its
  /// absolute end). Whether the record still exists (a sign-out elsewhere erased it). Replicas
  /// call it now and then per session, not per request.
  virtual Result<bool> touch(const std::string& key, TimePoint now) = 0;
  /// Erases the record only if nothing newer than `fence` was saved (a session a replica found
  /// dead must not take a newer one with it).
  virtual Result<void> erase_unless_newer(const std::string& key, std::uint64_t fence) = 0;
  /// Starts listening for changes to `key`'s record and lease (a save, a release, an erase), for
  /// a replica waiting for another's refresh. The default hears nothing: its waits sleep `poll`.
  virtual std::unique_ptr<ChangeWatch> watch(const std::string& key,
                                             std::chrono::milliseconds poll);
  /// Counts a refresh-ahead a replica plans in one of `seconds` (epoch seconds, the preferred
  /// one first): in the preferred one while it holds fewer than `crowded` plans, else in the one
  /// holding fewest; which, by index. The count is the fleet's, so that replicas spread their
  /// plans over the same seconds instead of each filling the ones it sees empty. The default
  /// keeps none (nullopt): a replica counts only in its own calendar.
  virtual Result<std::optional<std::size_t>> count_planned_refresh(
      const std::vector<std::int64_t>& seconds, std::uint32_t crowded);
};

}  // namespace freshauth
