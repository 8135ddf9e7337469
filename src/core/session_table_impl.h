#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/deadline_queue.h"
#include "core/refresh_calendar.h"
#include "freshauth/core/executor.h"
#include "freshauth/core/session_table.h"
#include "freshauth/core/shared_session_store.h"

namespace freshauth {

// The table's insides, shared by session_table.cc (lookups, sign-ins, ends) and
// session_table_refresh.cc (refreshes and the timer that starts them).
class SessionTable::Impl {
 public:
  static constexpr std::size_t kShards = 64;

  Impl(std::shared_ptr<Authenticator> authenticator, SessionTableOptions options);
  ~Impl();

  Result<SessionSnapshot> adopt(const std::string& key, const TokenGrant& grant,
                                TimePoint requested_at, const SessionContext& context);
  void restore(const std::string& key, Session session, TimePoint created_at);
  void acquire(const std::string& key, SnapshotCallback done);
  bool report_unauthorized(const std::string& key, std::uint64_t generation);
  void sign_out(const std::string& key, std::function<void(Result<void>)> done);
  // Not const: with a shared store, a session this replica has not seen is loaded.
  Result<std::optional<SessionStatus>> lookup_status(const std::string& key);
  void stop();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  std::size_t size() const;
  std::size_t refreshes_in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  // One session. `key` is immutable; everything else is guarded by `mutex`.
  struct Entry {
    Entry(std::string key_, TimePoint created_at_)
        : key(std::move(key_)), created_at(created_at_) {}
    const std::string key;
    const TimePoint created_at;
    std::mutex mutex;
    std::shared_ptr<const Session> current;  // null once the session has ended
    RefreshDeadlines deadlines{};
    TimePoint refresh_at{};           // when the timer refreshes: jittered, before deadlines.soft
    bool refresh_moved_late = false;  // refresh_at was moved for lateness (perhaps past soft)
    bool refresh_deferred = false;    // refresh_at waits a little past another replica's plan
    TimePoint last_used{};
    bool refreshing = false;
    int failed_attempts = 0;
    TimePoint next_attempt_at{};
    std::optional<Error> last_error;
    std::vector<SnapshotCallback> waiters;  // hard-window callers, answered by the refresh
    std::uint64_t timer_stamp = 0;          // the one timer item that counts (0: none armed)
    TimePoint timer_at{};
    std::uint64_t fence = 0;  // with a shared store: the fence of the record this session is
    TimePoint touched_at{};   // with a shared store: when this replica last pushed its idle end
  };
  using EntryPtr = std::shared_ptr<Entry>;

  // The map's keys view each entry's own key, so a session's id is stored once.
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string_view, EntryPtr> entries;
  };

  struct Due {
    std::weak_ptr<Entry> entry;
    std::uint64_t stamp;
  };

  using Deliveries = std::vector<std::pair<SnapshotCallback, Result<SessionSnapshot>>>;

  Shard& shard_for(std::string_view key) const {
    return shards_[std::hash<std::string_view>{}(key) % kShards];
  }
  EntryPtr find(std::string_view key) const;
  // Replaces whatever `key` had.
  void insert(const EntryPtr& entry);
  // Where an ending reaches with a shared store: a sign-out ends the session for every replica;
  // a dead token only if no replica saved a newer one; a timeout only here (the store's record
  // expires on its own, and idleness is per replica).
  enum class EndScope { everywhere, unless_newer, here_only };
  // Ends the session held by `entry` (locked by the caller): drops it from the map and the store.
  void end_locked(Entry& entry, EndScope scope = EndScope::everywhere);

  // The session a grant makes under `key`, with its refresh plan (plan_refresh()).
  Session make_session(const std::string& key, const TokenGrant& grant, TimePoint requested_at,
                       const SessionContext& context, const std::string& refresh_token);
  // Sets the session's refresh_planned_at: the calendar's place for its refresh-ahead, counted.
  void plan_refresh(const std::string& key, Session& session);
  // A plan that will not be kept (its session was not saved): off the calendar.
  void forget_plan(const Session& session);
  // Sets the entry's session and deadlines, and when the timer refreshes it: at the plan this
  // table made for it (`planned_here`), a little after another table's plan with a shared
  // store (that replica refreshes it; this one only if that one has not), or where this
  // table's calendar puts it when the session has no plan. The caller holds the entry's lock.
  void publish_locked(Entry& entry, std::shared_ptr<const Session> session,
                      bool planned_here = false);
  // The calendar's place for a refresh-ahead of `session`, counted: from a random part of the
  // jitter before the soft deadline, moved when that second is crowded. The randomness is
  // seeded by the session's key and token, so that replicas placing it alike mostly agree. A
  // `plan` (saved with the session for the fleet to follow) is counted in the store's calendar
  // when it keeps one, and in this table's.
  TimePoint place_refresh(const std::string& key, const Session& session,
                          const RefreshDeadlines& deadlines, bool plan);
  // A refresh-ahead the timer finds a second or more late, not yet tried and not yet in the hard
  // window, is moved instead of started (the table was behind, or the session came in after its
  // time): to a second the calendar picks from now to halfway to the hard deadline, and before
  // the soft deadline while that is ahead. Once per generation, so a table that stays behind does
  // not keep sliding it towards the hard window. True when moved.
  bool move_late_refresh_locked(Entry& entry, TimePoint now);
  // The entry's refresh-ahead will not happen where it was counted: off the calendar.
  void unschedule_locked(const Entry& entry);
  std::optional<TimePoint> ends_at_locked(const Entry& entry) const;
  bool absolute_end_passed(const Entry& entry, TimePoint now) const;
  // Schedules the entry's next timer check if it needs one sooner than the one armed.
  void arm_locked(const EntryPtr& entry);
  void on_due(const std::vector<Due>& due);
  void check(const EntryPtr& entry, std::uint64_t stamp);

  // What a replica learned from the shared store before refreshing (session_table_shared.cc).
  struct Coordination {
    std::optional<SharedRecord> newer;  // another replica refreshed: use its session
    std::optional<RefreshLease> lease;  // ours: refresh, then save fenced
    bool gone = false;                  // the record is gone: ended elsewhere
    std::optional<Error> error;         // the store is unreachable, or the lease never came
  };
  Coordination coordinate(const std::string& key, std::uint64_t base_fence);
  // A key this replica has not seen, from the shared store: null when the store has none.
  Result<EntryPtr> load_shared(const std::string& key);
  // The entry a request uses with a shared store: the local copy, unless it has been idle here
  // (the session may be in use at other replicas), then the store's record.
  Result<EntryPtr> lookup_shared(const std::string& key);
  // Ends `key`'s record in the shared store when this replica has no copy: the session it held,
  // to revoke, or null when there was none (or the store could not say).
  std::shared_ptr<const Session> end_shared_record(const std::string& key);
  // Tells the store, now and then, that a request used the session (its idle expiry).
  void touch_locked(Entry& entry, TimePoint now);
  // Forgets this replica's copy of a session whose record is gone (ended at another replica).
  void drop_copy(const std::string& key);
  // Saves a refreshed session under the lease (entry locked): kept, or dropped because another
  // replica's newer session is now the entry's (superseded), the session was ended elsewhere
  // (ended), or the store could not say (unknown: the entry keeps its session).
  enum class FencedSave { kept, superseded, ended, unknown };
  FencedSave save_fenced_locked(Entry& entry, const Session& refreshed, const RefreshLease& lease,
                                std::optional<Error>& store_failure);
  // Installs another replica's session under a generation of this table.
  void adopt_record_locked(Entry& entry, SharedRecord record);
  std::uint64_t next_generation() {
    return last_generation_.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  void start_refresh_locked(const EntryPtr& entry);
  void refresh(const EntryPtr& entry);
  // The session a successful refresh of `key`'s `base` makes, planned.
  Session refreshed_session(const std::string& key, TokenGrant& fresh, const Session& base,
                            TimePoint requested_at);
  // After a transient failure: when the next attempt may start.
  void back_off_locked(Entry& entry, const Session& base, const Error& error);
  static void deliver(Deliveries&& deliveries);
  std::vector<std::shared_ptr<SessionObserver>> observers() const { return options_.observers; }

  std::shared_ptr<Authenticator> authenticator_;
  SessionTableOptions options_;
  std::shared_ptr<SharedSessionStore> shared_;  // options_.store, when shared
  mutable std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> last_generation_{0};
  std::atomic<std::uint64_t> last_stamp_{0};
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<bool> stopping_{false};
  std::mutex random_mutex_;  // and the calendar
  std::mt19937_64 random_;
  detail::RefreshCalendar calendar_;  // refresh-aheads to come, with refresh_ahead
  // Stopped first (its thread starts refreshes on the pool), destroyed last (refreshes the pool
  // finishes while draining still schedule into it).
  std::unique_ptr<detail::DeadlineQueue<Due>> timer_;
  ThreadPool pool_;
};

}  // namespace freshauth
