#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/refresh_policy.h"
#include "freshauth/core/session.h"
#include "freshauth/core/session_engine.h"
#include "freshauth/core/session_observer.h"
#include "freshauth/core/session_snapshot.h"
#include "freshauth/core/session_table_store.h"

namespace freshauth {

struct SessionTableOptions {
  RefreshPolicy policy;
  std::shared_ptr<const Clock> clock;  ///< default: SystemClock
  /// Default: none, sessions live in memory only. A SharedSessionStore makes this table one
  /// replica of a fleet sharing the sessions (docs/fleet.md).
  std::shared_ptr<SessionTableStore> store;
  std::size_t refresh_threads = 4;  ///< the one bounded executor every refresh runs on
  /// Refresh every session ahead of its soft deadline from the timer, used or not, so requests
  /// never find one in a refresh window. Off: only requests start refreshes (as SessionEngine).
  /// One the timer reaches a second or more late (it fell behind, or the session came in after
  /// its refresh time) is moved once, to a less crowded second no later than halfway to the hard
  /// window (and before the soft deadline while that is ahead), rather than started with the
  /// backlog; in the hard window it starts at once.
  bool refresh_ahead = true;
  /// Refresh-ahead times are moved earlier by a random part of this fraction of the token's
  /// lifetime, so that sessions refreshed together drift apart. A herd (tokens issued together,
  /// at least 8 due in the same second) is spread further, over the whole time from issue to
  /// the soft deadline, by a calendar of the refreshes to come; that costs the moved sessions
  /// one earlier refresh, once.
  double refresh_jitter = 0.1;
  Duration idle_timeout{0};      ///< ends a session unused this long; 0: never
  Duration absolute_timeout{0};  ///< ends a session this long after sign-in; 0: never
  std::vector<std::shared_ptr<SessionObserver>> observers;
  std::optional<std::uint64_t> random_seed;  ///< jitter; default: random
  /// With a SharedSessionStore (real time, not the Clock's: the store's server keeps it): how
  /// long a refresh lease lasts (longer than the provider's slowest answer), how long a refresh
  /// waits for another replica's before giving up (a transient failure), and how often it looks
  /// while its store cannot tell it of the other's save (SharedSessionStore::watch()).
  std::chrono::milliseconds lease_ttl{15000};
  std::chrono::milliseconds lease_wait{20000};
  std::chrono::milliseconds lease_poll{20};
  /// When the store does tell of saves (RedisSessionTableStore): a waiting refresh wakes at the
  /// other's save or release, at its lease's expiry (a dead replica saves nothing), and at the
  /// latest after this long, in case a notice was lost.
  std::chrono::milliseconds lease_recheck{1000};
};

/// How a session stands, without its tokens (for "who is signed in and until when").
struct SessionStatus {
  std::uint64_t generation = 0;
  TimePoint created_at;
  TimePoint access_expires_at;
  std::optional<TimePoint> ends_at;  ///< the earlier of the idle and absolute timeouts, if any
  std::string id_token;              ///< who: the claims are the caller's to read
};

using SnapshotCallback = std::function<void(Result<SessionSnapshot>)>;

/// Many sessions, one set of machinery: SessionEngine's contract per session (soft and hard
/// windows, one refresh in flight per session, fatal and transient failures, 401 by generation)
/// with one timer for every deadline and one bounded pool for every refresh, no thread per
/// session. A request's lookup and freshness check takes a shard's read lock and the session's
/// own mutex, never a table-wide one. Keys are the caller's opaque session ids.
class SessionTable {
 public:
  explicit SessionTable(std::shared_ptr<Authenticator> authenticator,
                        SessionTableOptions options = {});
  ~SessionTable();
  SessionTable(const SessionTable&) = delete;
  SessionTable& operator=(const SessionTable&) = delete;

  /// Installs tokens obtained by a sign-in (a code exchange, a password) under `key`, replacing
  /// any session it had. Saved to the store first; an error if that fails.
  Result<SessionSnapshot> adopt(const std::string& key, const TokenGrant& grant,
                                TimePoint requested_at, const SessionContext& context);
  /// Puts back a session read from the store at start; nothing is saved.
  void restore(const std::string& key, Session session, TimePoint created_at);

  /// A usable snapshot of `key`'s session. Fresh or in the soft window: `done` runs before this
  /// returns (the soft window also starts a refresh). In the hard window `done` runs later, on a
  /// refresh thread, once the one refresh in flight ends: nobody blocks. Errors: not_signed_in
  /// (unknown key), session_expired (ended now), transient (the token expired and refreshing
  /// keeps failing). With a SharedSessionStore, a key this table has not seen is looked up in the
  /// store first, on the calling thread; a store that cannot be reached then, or when the token
  /// has expired and a refresh needs it, is a storage error (is_store_unavailable()).
  void acquire(const std::string& key, SnapshotCallback done);
  /// acquire() for threads that may wait.
  Result<SessionSnapshot> acquire(const std::string& key);

  /// An upstream answered 401 to the token of `generation`: if that is still the session's
  /// current generation it is dead and removed (everywhere); never retried. Whether it was.
  bool report_unauthorized(const std::string& key, std::uint64_t generation);
  /// Removes the session at once and revokes its refresh token on a refresh thread; `done`, if
  /// given, hears how the revocation went. not_signed_in when there is no such session. With a
  /// SharedSessionStore, a session signed in at another replica is ended (and revoked) too.
  void sign_out(const std::string& key, std::function<void(Result<void>)> done = {});

  /// For a shutdown: the timer stops, and every refresh not yet begun (queued behind others, or
  /// started by a request from now on) fails as transient without asking the provider or the
  /// shared store, so a backlog of refreshes cannot hold the process; requests waiting for one
  /// hear that error. Refreshes already asking the provider finish. Sign-outs still revoke. The
  /// destructor calls it; calling it first lets a server answer its last requests meanwhile.
  void stop();

  /// With a SharedSessionStore, a session this replica has not seen is looked up in the store
  /// (none when it cannot be reached).
  std::optional<SessionStatus> status(const std::string& key) const;
  /// status() that tells "no such session" apart from "the shared store cannot be reached now"
  /// (a storage error, is_store_unavailable()), for answers a caller acts on, such as a browser
  /// deciding whether to sign in again.
  Result<std::optional<SessionStatus>> lookup_status(const std::string& key) const;
  std::size_t size() const;
  /// Refreshes started and not yet finished, across all sessions.
  std::size_t refreshes_in_flight() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace freshauth
