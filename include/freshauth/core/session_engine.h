#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stop_token>
#include <thread>
#include <vector>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/executor.h"
#include "freshauth/core/refresh_policy.h"
#include "freshauth/core/session.h"
#include "freshauth/core/session_observer.h"
#include "freshauth/core/session_snapshot.h"
#include "freshauth/core/session_store.h"
#include "freshauth/core/single_flight.h"

namespace freshauth {

struct SessionEngineOptions {
  RefreshPolicy policy;
  std::shared_ptr<const Clock> clock;   ///< default: SystemClock
  std::shared_ptr<SessionStore> store;  ///< default: MemorySessionStore
  Executor executor;  ///< runs soft-window refreshes; default: an own worker thread
  std::vector<std::shared_ptr<SessionObserver>> observers;
  std::optional<std::uint64_t> random_seed;  ///< backoff jitter; default: random
};

/// Who the session is for, beyond the credentials: kept with the session and sent along.
struct SessionContext {
  std::string partner_id;
  std::optional<std::string> device_key;
  std::optional<std::string> device_group_key;
};

/// Keeps one session usable: refreshes it before it expires, with one refresh in flight however
/// many threads (and, through the store's lock, processes) ask, and decides what failures mean.
class SessionEngine {
 public:
  explicit SessionEngine(std::shared_ptr<Authenticator> authenticator,
                         SessionEngineOptions options = {});
  ~SessionEngine();
  SessionEngine(const SessionEngine&) = delete;
  SessionEngine& operator=(const SessionEngine&) = delete;

  /// Loads the stored session, if any; true when one was found.
  Result<bool> restore();
  /// Signs in. A returned challenge must be answered with complete_mfa(); nullopt: signed in.
  Result<std::optional<MfaChallenge>> sign_in(const Credentials& credentials,
                                              const SessionContext& context);
  Result<void> complete_mfa(const MfaChallenge& challenge, const std::string& code,
                            const SessionContext& context);
  /// Installs tokens obtained another way (OAuth2 code + PKCE, a gateway...).
  Result<void> adopt(const TokenGrant& grant, TimePoint requested_at,
                     const SessionContext& context);

  /// A session that is usable now. Fresh: returns at once without locking. Soft window: returns
  /// the current session and starts one background refresh. Hard window: waits for the refresh.
  /// The snapshot stays valid as long as it is held, across later calls and refreshes; it has the
  /// access and id tokens but not the refresh token. Throws AuthError.
  SessionSnapshot ensure_fresh();
  /// ensure_fresh() without exceptions.
  Result<SessionSnapshot> try_ensure_fresh();

  /// For the background refresher: refreshes (and waits) when less than `margin` remains.
  Result<void> refresh_if_within(Duration margin);

  /// An API rejected the token of `generation` with 401. If that is still the current session it
  /// is dead: cleared here and in the store, unless the store holds a newer session (another
  /// process's), which then becomes current. Returns whether it was cleared. Never retries.
  bool report_unauthorized(std::uint64_t generation);

  /// Revokes the refresh token at the server and clears the session everywhere.
  Result<void> sign_out();

  /// The whole current session, refresh token included: for the library's own use (sign-out,
  /// tools that inspect the stored session); API callers use ensure_fresh().
  std::shared_ptr<const Session> current() const;
  void add_observer(std::shared_ptr<SessionObserver> observer);
  const RefreshPolicy& policy() const { return options_.policy; }
  const Clock& clock() const { return *options_.clock; }

 private:
  enum class Outcome { refreshed, superseded, transient, fatal };
  struct RefreshResult {
    Outcome outcome;
    std::optional<Error> error;
  };

  /// This thread's handle on the current session when it is fresh, else null.
  const std::shared_ptr<const Session>* fast_path() const;
  Result<SessionSnapshot> slow_path();
  SingleFlight<RefreshResult>::Ticket start_refresh(std::uint64_t from_generation,
                                                    const Executor& executor);
  RefreshResult run_refresh(std::uint64_t from_generation);
  RefreshResult refresh_from(const std::shared_ptr<const Session>& base,
                             std::unique_lock<std::mutex>& publish_lock);
  RefreshResult fail_refresh(Error error, std::uint64_t from_generation,
                             std::unique_lock<std::mutex>& publish_lock);
  /// The stored session when it is newer than `generation` (another process saved it).
  std::shared_ptr<const Session> newer_stored_session(std::uint64_t generation);
  Result<void> install(const TokenGrant& grant, TimePoint requested_at,
                       const SessionContext& context);
  Session make_session(const TokenGrant& grant, TimePoint requested_at,
                       const SessionContext& context, const std::string& refresh_token,
                       std::uint64_t generation) const;
  /// Both take publish_mutex_ first; they take mutex_ themselves.
  void publish(std::shared_ptr<const Session> session);
  void clear(bool because_expired);
  std::vector<std::shared_ptr<SessionObserver>> observers() const;
  void run_freshness_alarm(const std::stop_token& stop);
  void mark_changed_locked();

  std::shared_ptr<Authenticator> authenticator_;
  SessionEngineOptions options_;
  const std::uint64_t id_;
  const std::shared_ptr<int> alive_ = std::make_shared<int>(0);

  /// Bumped, under mutex_, whenever the current session changes or stops being fresh; the fast
  /// path compares it with its thread's cached copy and reads nothing else shared.
  std::atomic<std::uint64_t> version_{1};
  const Clock* clock_ = nullptr;  ///< options_.clock, without the shared_ptr indirection
  bool clock_is_cheap_ = false;

  /// Serialises changes of the session (store write + publication) so that a slow refresh cannot
  /// overwrite a newer sign-in. Never taken on the ensure_fresh() path.
  std::mutex publish_mutex_;

  mutable std::mutex mutex_;  ///< guards everything below
  std::shared_ptr<const Session> current_;
  RefreshDeadlines deadlines_{};
  std::uint64_t last_generation_ = 0;
  bool expired_ = false;  ///< cleared because it died, as opposed to never signed in / signed out
  int failed_attempts_ = 0;
  TimePoint next_attempt_at_{};
  std::optional<Error> last_error_;
  std::minstd_rand random_;
  std::vector<std::shared_ptr<SessionObserver>> observers_;

  std::uint64_t alarm_fired_for_version_ = 0;
  std::stop_source alarm_interrupt_;  ///< publish() and clear() make the alarm re-read the deadline

  SingleFlight<RefreshResult> flight_;
  /// Last: stopped and joined first, before anything their work uses.
  std::unique_ptr<WorkerThread> worker_;
  /// Wakes at the soft deadline and bumps version_, so the fast path need not read an expensive
  /// clock on every call. Not started for clocks that are cheap to read.
  std::jthread freshness_alarm_;
};

}  // namespace freshauth
