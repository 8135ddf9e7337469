#include "freshauth/core/session_table.h"

#include <algorithm>
#include <array>
#include <future>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>

#include "core/deadline_queue.h"
#include "core/session_errors.h"
#include "freshauth/core/executor.h"
#include "freshauth/core/expiry.h"

namespace freshauth {
namespace {

constexpr std::size_t kShards = 64;

using detail::is_fatal;
using detail::not_signed_in;
using detail::session_expired;

}  // namespace

class SessionTable::Impl {
 public:
  Impl(std::shared_ptr<Authenticator> authenticator, SessionTableOptions options);
  ~Impl();

  Result<SessionSnapshot> adopt(const std::string& key, const TokenGrant& grant,
                                TimePoint requested_at, const SessionContext& context);
  void restore(const std::string& key, Session session, TimePoint created_at);
  void acquire(const std::string& key, SnapshotCallback done);
  bool report_unauthorized(const std::string& key, std::uint64_t generation);
  void sign_out(const std::string& key, std::function<void(Result<void>)> done);
  std::optional<SessionStatus> status(const std::string& key) const;
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
    TimePoint refresh_at{};  // jittered, before deadlines.soft: when the timer refreshes
    TimePoint last_used{};
    bool refreshing = false;
    int failed_attempts = 0;
    TimePoint next_attempt_at{};
    std::optional<Error> last_error;
    std::vector<SnapshotCallback> waiters;  // hard-window callers, answered by the refresh
    std::uint64_t timer_stamp = 0;          // the one timer item that counts (0: none armed)
    TimePoint timer_at{};
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
  // Ends the session held by `entry` (locked by the caller): drops it from the map and the store.
  void end_locked(Entry& entry);

  Session make_session(const TokenGrant& grant, TimePoint requested_at,
                       const SessionContext& context, const std::string& refresh_token);
  // Sets the entry's session and deadlines; the caller holds its lock.
  void publish_locked(Entry& entry, std::shared_ptr<const Session> session);
  TimePoint jittered_refresh_at(const Session& session, const RefreshDeadlines& deadlines);
  std::optional<TimePoint> ends_at_locked(const Entry& entry) const;
  // Schedules the entry's next timer check if it needs one sooner than the one armed.
  void arm_locked(const EntryPtr& entry);
  void on_due(const std::vector<Due>& due);
  void check(const EntryPtr& entry, std::uint64_t stamp);

  void start_refresh_locked(const EntryPtr& entry);
  void refresh(const EntryPtr& entry);
  static void deliver(Deliveries&& deliveries);
  std::vector<std::shared_ptr<SessionObserver>> observers() const { return options_.observers; }

  std::shared_ptr<Authenticator> authenticator_;
  SessionTableOptions options_;
  mutable std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> last_generation_{0};
  std::atomic<std::uint64_t> last_stamp_{0};
  std::atomic<std::size_t> in_flight_{0};
  std::mutex random_mutex_;
  std::mt19937_64 random_;
  // Stopped first (its thread starts refreshes on the pool), destroyed last (refreshes the pool
  // finishes while draining still schedule into it).
  std::unique_ptr<detail::DeadlineQueue<Due>> timer_;
  ThreadPool pool_;
};

SessionTable::Impl::Impl(std::shared_ptr<Authenticator> authenticator, SessionTableOptions options)
    : authenticator_(std::move(authenticator)),
      options_(std::move(options)),
      random_(options_.random_seed.value_or(std::random_device{}())),
      pool_(options_.refresh_threads) {
  if (!options_.clock) options_.clock = std::make_shared<SystemClock>();
  timer_ = std::make_unique<detail::DeadlineQueue<Due>>(
      options_.clock, [this](const std::vector<Due>& due) { on_due(due); });
}

SessionTable::Impl::~Impl() { timer_->stop(); }

SessionTable::Impl::EntryPtr SessionTable::Impl::find(std::string_view key) const {
  const Shard& shard = shard_for(key);
  const std::shared_lock lock(shard.mutex);
  const auto found = shard.entries.find(key);
  return found == shard.entries.end() ? nullptr : found->second;
}

void SessionTable::Impl::insert(const EntryPtr& entry) {
  Shard& shard = shard_for(entry->key);
  const std::unique_lock lock(shard.mutex);
  // Erased first: the map's key views the old entry's string.
  shard.entries.erase(entry->key);
  shard.entries.emplace(entry->key, entry);
}

void SessionTable::Impl::end_locked(Entry& entry) {
  entry.current.reset();
  entry.timer_stamp = 0;
  {
    Shard& shard = shard_for(entry.key);
    const std::unique_lock lock(shard.mutex);
    if (auto found = shard.entries.find(entry.key);
        found != shard.entries.end() && found->second.get() == &entry) {
      shard.entries.erase(found);
    }
  }
  if (options_.store) {
    if (auto erased = options_.store->erase(entry.key); !erased) {
      for (const auto& observer : observers()) observer->on_store_failed(erased.error());
    }
  }
}

Session SessionTable::Impl::make_session(const TokenGrant& grant, TimePoint requested_at,
                                         const SessionContext& context,
                                         const std::string& refresh_token) {
  const auto expiry = estimate_expiry(grant, requested_at, options_.policy.trust_token_claims);
  Session session{grant.access_token,
                  grant.id_token,
                  refresh_token,
                  requested_at,
                  expiry.expires_at,
                  context.partner_id,
                  context.device_key,
                  context.device_group_key,
                  last_generation_.fetch_add(1, std::memory_order_relaxed) + 1};
  if (grant.new_device) {
    session.device_key = grant.new_device->device_key;
    session.device_group_key = grant.new_device->device_group_key;
  }
  return session;
}

TimePoint SessionTable::Impl::jittered_refresh_at(const Session& session,
                                                  const RefreshDeadlines& deadlines) {
  const double spread = std::clamp(options_.refresh_jitter, 0.0, 1.0);
  double unit = 0;
  {
    const std::lock_guard lock(random_mutex_);
    unit = std::uniform_real_distribution<double>{0.0, 1.0}(random_);
  }
  const Duration earliest_lead = deadlines.soft - session.obtained_at;
  const auto lead = std::chrono::duration_cast<Duration>(session.lifetime() * spread * unit);
  return deadlines.soft - std::clamp(lead, Duration::zero(), std::max(earliest_lead, Duration{}));
}

void SessionTable::Impl::publish_locked(Entry& entry, std::shared_ptr<const Session> session) {
  entry.deadlines = options_.policy.deadlines_for(*session);
  entry.refresh_at = jittered_refresh_at(*session, entry.deadlines);
  entry.current = std::move(session);
  entry.failed_attempts = 0;
  entry.next_attempt_at = {};
  entry.last_error.reset();
}

std::optional<TimePoint> SessionTable::Impl::ends_at_locked(const Entry& entry) const {
  std::optional<TimePoint> ends;
  if (options_.absolute_timeout > Duration::zero()) {
    ends = entry.created_at + options_.absolute_timeout;
  }
  if (options_.idle_timeout > Duration::zero()) {
    const TimePoint idle_end = entry.last_used + options_.idle_timeout;
    ends = ends ? std::min(*ends, idle_end) : idle_end;
  }
  return ends;
}

Result<SessionSnapshot> SessionTable::Impl::adopt(const std::string& key, const TokenGrant& grant,
                                                  TimePoint requested_at,
                                                  const SessionContext& context) {
  if (!grant.refresh_token || grant.refresh_token->empty()) {
    return Error{Errc::invalid_argument, "a sign-in must come with a refresh token", {}};
  }
  auto session = std::make_shared<const Session>(
      make_session(grant, requested_at, context, *grant.refresh_token));
  const TimePoint now = options_.clock->now();
  if (const EntryPtr replaced = find(key)) {
    // Ended first, so that a refresh of it still in flight cannot save over the new session.
    const std::lock_guard lock(replaced->mutex);
    replaced->current.reset();
    replaced->timer_stamp = 0;
  }
  if (options_.store) {
    if (auto saved = options_.store->save(key, *session, now); !saved) return saved.error();
  }
  auto entry = std::make_shared<Entry>(key, now);
  {
    const std::lock_guard lock(entry->mutex);
    entry->last_used = now;
    publish_locked(*entry, session);
    arm_locked(entry);
    insert(entry);
  }
  return SessionSnapshot{std::move(session)};
}

void SessionTable::Impl::restore(const std::string& key, Session session, TimePoint created_at) {
  std::uint64_t seen = last_generation_.load(std::memory_order_relaxed);
  while (seen < session.generation &&
         !last_generation_.compare_exchange_weak(seen, session.generation)) {
  }
  auto entry = std::make_shared<Entry>(key, created_at);
  {
    const std::lock_guard lock(entry->mutex);
    entry->last_used = options_.clock->now();  // restarts do not count as idleness
    publish_locked(*entry, std::make_shared<const Session>(std::move(session)));
    arm_locked(entry);
    insert(entry);
  }
}

void SessionTable::Impl::acquire(const std::string& key, SnapshotCallback done) {
  const EntryPtr entry = find(key);
  if (!entry) return done(not_signed_in());
  std::optional<Result<SessionSnapshot>> answer;
  {
    std::unique_lock lock(entry->mutex);
    if (!entry->current) {
      lock.unlock();
      return done(not_signed_in());
    }
    const TimePoint now = options_.clock->now();
    if (auto ends = ends_at_locked(*entry); ends && now >= *ends) {
      end_locked(*entry);
      lock.unlock();
      for (const auto& observer : observers()) {
        observer->on_session_expired(session_expired("the session timed out"));
      }
      return done(session_expired("the session timed out"));
    }
    entry->last_used = now;
    const Session& session = *entry->current;
    if (now < entry->deadlines.soft) {
      answer.emplace(SessionSnapshot{entry->current});
    } else {
      const bool may_start = now >= entry->next_attempt_at;
      if (now < entry->deadlines.hard) {
        if (may_start && !entry->refreshing) start_refresh_locked(entry);
        answer.emplace(SessionSnapshot{entry->current});
      } else if (!may_start && !entry->refreshing) {
        // Backing off after transient failures: use the token while it lasts.
        if (now < session.expires_at) {
          answer.emplace(SessionSnapshot{entry->current});
        } else {
          const Error& last = *entry->last_error;
          answer.emplace(Error{Errc::transient,
                               "the access token expired and refreshing keeps failing (" +
                                   last.describe() + "); retrying with backoff",
                               last.retry_after});
        }
      } else {
        entry->waiters.push_back(std::move(done));
        if (!entry->refreshing) start_refresh_locked(entry);
        return;
      }
    }
  }
  done(std::move(*answer));
}

void SessionTable::Impl::start_refresh_locked(const EntryPtr& entry) {
  entry->refreshing = true;
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  pool_.post([this, entry] { refresh(entry); });
}

void SessionTable::Impl::refresh(const EntryPtr& entry) {
  std::shared_ptr<const Session> base;
  {
    const std::lock_guard lock(entry->mutex);
    base = entry->current;
  }
  std::optional<Result<TokenGrant>> grant;
  TimePoint requested_at{};
  if (base) {
    requested_at = options_.clock->now();
    grant.emplace(authenticator_->refresh(
        {base->refresh_token, base->device_key, base->device_group_key, base->access_token}));
  }

  Deliveries deliveries;
  std::optional<Error> store_failure;
  std::optional<FailureClass> failure;
  std::optional<Error> failure_error;
  std::optional<Error> expired;
  std::shared_ptr<const Session> refreshed;
  {
    const std::lock_guard lock(entry->mutex);
    entry->refreshing = false;
    auto waiters = std::exchange(entry->waiters, {});
    const auto answer_all = [&](const Result<SessionSnapshot>& answer) {
      for (auto& waiter : waiters) deliveries.emplace_back(std::move(waiter), answer);
    };
    if (!base || entry->current != base) {
      // Ended or replaced while the refresh ran: its result belongs to nobody.
      if (entry->current) {
        answer_all(SessionSnapshot{entry->current});
      } else {
        answer_all(session_expired("the session has ended"));
      }
    } else if (*grant) {
      TokenGrant& fresh = **grant;
      // The partner API never rotates the refresh token; OAuth2 servers may.
      const std::string& refresh_token = fresh.refresh_token && !fresh.refresh_token->empty()
                                             ? *fresh.refresh_token
                                             : base->refresh_token;
      if (fresh.id_token.empty()) fresh.id_token = base->id_token;
      const SessionContext context{base->partner_id, base->device_key, base->device_group_key};
      refreshed = std::make_shared<const Session>(
          make_session(fresh, requested_at, context, refresh_token));
      if (options_.store) {
        // Under the session's lock, so that a sign-out cannot erase the record in between and
        // have this save bring it back.
        if (auto saved = options_.store->save(entry->key, *refreshed, entry->created_at); !saved) {
          store_failure = saved.error();
        }
      }
      publish_locked(*entry, refreshed);
      answer_all(SessionSnapshot{refreshed});
    } else {
      const Error& error = grant->error();
      failure_error = error;
      if (is_fatal(error)) {
        failure = FailureClass::fatal;
        end_locked(*entry);
        expired = session_expired("the refresh token was rejected (" + error.message + ")");
        answer_all(*expired);
      } else {
        failure = FailureClass::transient;
        ++entry->failed_attempts;
        double unit = 0;
        {
          const std::lock_guard random_lock(random_mutex_);
          unit = std::uniform_real_distribution<double>{0.0, 1.0}(random_);
        }
        Duration delay = options_.policy.backoff_after(entry->failed_attempts, unit);
        const TimePoint now = options_.clock->now();
        // Keep several attempts inside the token's remaining life rather than backing off past it.
        if (now < base->expires_at) {
          delay = std::min(delay,
                           std::max((base->expires_at - now) / 2, options_.policy.backoff_initial));
        }
        if (error.retry_after) delay = std::max<Duration>(delay, *error.retry_after);
        entry->next_attempt_at = now + delay;
        entry->last_error = error;
        if (now < base->expires_at) {
          answer_all(SessionSnapshot{base});
        } else {
          answer_all(error);
        }
      }
    }
    if (entry->current) arm_locked(entry);
  }
  in_flight_.fetch_sub(1, std::memory_order_relaxed);

  for (const auto& observer : observers()) {
    if (store_failure) observer->on_store_failed(*store_failure);
    if (refreshed) observer->on_refreshed(*refreshed);
    if (failure) observer->on_refresh_failed(*failure, *failure_error);
    if (expired) observer->on_session_expired(*expired);
  }
  deliver(std::move(deliveries));
}

void SessionTable::Impl::deliver(Deliveries&& deliveries) {
  for (auto& [callback, answer] : deliveries) callback(std::move(answer));
}

void SessionTable::Impl::arm_locked(const EntryPtr& entry) {
  std::optional<TimePoint> next = ends_at_locked(*entry);
  if (options_.refresh_ahead && !entry->refreshing) {
    const TimePoint refresh = std::max(entry->refresh_at, entry->next_attempt_at);
    next = next ? std::min(*next, refresh) : refresh;
  }
  if (!next) return;
  if (entry->timer_stamp != 0 && entry->timer_at <= *next) return;  // an earlier check will do
  entry->timer_stamp = last_stamp_.fetch_add(1, std::memory_order_relaxed) + 1;
  entry->timer_at = *next;
  timer_->schedule(*next, Due{entry, entry->timer_stamp});
}

void SessionTable::Impl::on_due(const std::vector<Due>& due) {
  for (const auto& item : due) {
    if (auto entry = item.entry.lock()) check(entry, item.stamp);
  }
}

void SessionTable::Impl::check(const EntryPtr& entry, std::uint64_t stamp) {
  bool timed_out = false;
  {
    const std::lock_guard lock(entry->mutex);
    if (!entry->current || entry->timer_stamp != stamp) return;  // ended, or a stale item
    entry->timer_stamp = 0;
    const TimePoint now = options_.clock->now();
    if (auto ends = ends_at_locked(*entry); ends && now >= *ends) {
      end_locked(*entry);
      timed_out = true;
    } else {
      if (options_.refresh_ahead && !entry->refreshing && now >= entry->refresh_at &&
          now >= entry->next_attempt_at) {
        start_refresh_locked(entry);
      }
      arm_locked(entry);
    }
  }
  if (timed_out) {
    for (const auto& observer : observers()) {
      observer->on_session_expired(session_expired("the session timed out"));
    }
  }
}

bool SessionTable::Impl::report_unauthorized(const std::string& key, std::uint64_t generation) {
  const EntryPtr entry = find(key);
  if (!entry) return false;
  Deliveries deliveries;
  {
    const std::lock_guard lock(entry->mutex);
    if (!entry->current || entry->current->generation != generation) return false;
    end_locked(*entry);
    for (auto& waiter : std::exchange(entry->waiters, {})) {
      deliveries.emplace_back(std::move(waiter), session_expired("the API refused the session"));
    }
  }
  const Error reason = session_expired("the API refused the session");
  for (const auto& observer : observers()) observer->on_session_expired(reason);
  deliver(std::move(deliveries));
  return true;
}

void SessionTable::Impl::sign_out(const std::string& key, std::function<void(Result<void>)> done) {
  const EntryPtr entry = find(key);
  std::shared_ptr<const Session> ended;
  Deliveries deliveries;
  if (entry) {
    const std::lock_guard lock(entry->mutex);
    ended = entry->current;
    if (ended) end_locked(*entry);
    for (auto& waiter : std::exchange(entry->waiters, {})) {
      deliveries.emplace_back(std::move(waiter), not_signed_in());
    }
  }
  deliver(std::move(deliveries));
  if (!ended) {
    if (done) done(not_signed_in());
    return;
  }
  pool_.post([this, ended, done = std::move(done)] {
    auto revoked = authenticator_->revoke(ended->refresh_token);
    if (done) done(std::move(revoked));
  });
}

std::optional<SessionStatus> SessionTable::Impl::status(const std::string& key) const {
  const EntryPtr entry = find(key);
  if (!entry) return std::nullopt;
  const std::lock_guard lock(entry->mutex);
  if (!entry->current) return std::nullopt;
  return SessionStatus{entry->current->generation, entry->created_at, entry->current->expires_at,
                       ends_at_locked(*entry), entry->current->id_token};
}

std::size_t SessionTable::Impl::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    const std::shared_lock lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

SessionTable::SessionTable(std::shared_ptr<Authenticator> authenticator,
                           SessionTableOptions options)
    : impl_(std::make_unique<Impl>(std::move(authenticator), std::move(options))) {}

SessionTable::~SessionTable() = default;

Result<SessionSnapshot> SessionTable::adopt(const std::string& key, const TokenGrant& grant,
                                            TimePoint requested_at, const SessionContext& context) {
  return impl_->adopt(key, grant, requested_at, context);
}

void SessionTable::restore(const std::string& key, Session session, TimePoint created_at) {
  impl_->restore(key, std::move(session), created_at);
}

void SessionTable::acquire(const std::string& key, SnapshotCallback done) {
  impl_->acquire(key, std::move(done));
}

Result<SessionSnapshot> SessionTable::acquire(const std::string& key) {
  auto promise = std::make_shared<std::promise<Result<SessionSnapshot>>>();
  auto answer = promise->get_future();
  impl_->acquire(
      key, [promise](Result<SessionSnapshot> result) { promise->set_value(std::move(result)); });
  return answer.get();
}

bool SessionTable::report_unauthorized(const std::string& key, std::uint64_t generation) {
  return impl_->report_unauthorized(key, generation);
}

void SessionTable::sign_out(const std::string& key, std::function<void(Result<void>)> done) {
  impl_->sign_out(key, std::move(done));
}

std::optional<SessionStatus> SessionTable::status(const std::string& key) const {
  return impl_->status(key);
}

std::size_t SessionTable::size() const { return impl_->size(); }

std::size_t SessionTable::refreshes_in_flight() const { return impl_->refreshes_in_flight(); }

}  // namespace freshauth
