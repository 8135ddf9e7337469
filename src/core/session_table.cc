#include "freshauth/core/session_table.h"

#include <algorithm>
#include <future>

#include "core/session_errors.h"
#include "core/session_table_impl.h"
#include "freshauth/core/expiry.h"
#include "freshauth/core/store_unavailable.h"

namespace freshauth {
namespace {

using detail::not_signed_in;
using detail::session_expired;

}  // namespace

SessionTable::Impl::Impl(std::shared_ptr<Authenticator> authenticator, SessionTableOptions options)
    : authenticator_(std::move(authenticator)),
      options_(std::move(options)),
      random_(options_.random_seed.value_or(std::random_device{}())),
      pool_(options_.refresh_threads) {
  if (!options_.clock) options_.clock = std::make_shared<SystemClock>();
  shared_ = std::dynamic_pointer_cast<SharedSessionStore>(options_.store);
  timer_ = std::make_unique<detail::DeadlineQueue<Due>>(
      options_.clock, [this](const std::vector<Due>& due) { on_due(due); });
}

SessionTable::Impl::~Impl() { stop(); }

void SessionTable::Impl::stop() {
  stopping_.store(true, std::memory_order_release);
  timer_->stop();
}

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

void SessionTable::Impl::end_locked(Entry& entry, EndScope scope) {
  unschedule_locked(entry);
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
  if (!options_.store || (shared_ && scope == EndScope::here_only)) return;
  auto erased = shared_ && scope == EndScope::unless_newer
                    ? shared_->erase_unless_newer(entry.key, entry.fence)
                    : options_.store->erase(entry.key);
  if (!erased) {
    for (const auto& observer : observers()) observer->on_store_failed(erased.error());
  }
}

Session SessionTable::Impl::make_session(const std::string& key, const TokenGrant& grant,
                                         TimePoint requested_at, const SessionContext& context,
                                         const std::string& refresh_token) {
  const auto expiry = estimate_expiry(grant, requested_at, options_.policy.trust_token_claims);
  Session session{grant.access_token, grant.id_token,           refresh_token,
                  requested_at,       expiry.expires_at,        context.partner_id,
                  context.device_key, context.device_group_key, next_generation()};
  if (grant.new_device) {
    session.device_key = grant.new_device->device_key;
    session.device_group_key = grant.new_device->device_group_key;
  }
  plan_refresh(key, session);
  return session;
}

TimePoint SessionTable::Impl::place_refresh(const std::string& key, const Session& session,
                                            const RefreshDeadlines& deadlines, bool plan) {
  // Milliseconds: what the store keeps of obtained_at, so that every replica draws alike.
  const auto obtained_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(session.obtained_at.time_since_epoch())
          .count());
  std::mt19937_64 random{std::hash<std::string>{}(key) ^ (obtained_ms * 0x9E3779B97F4A7C15ULL) ^
                         options_.random_seed.value_or(0)};
  const double spread = std::clamp(options_.refresh_jitter, 0.0, 1.0);
  const double unit = std::uniform_real_distribution<double>{0.0, 1.0}(random);
  const Duration earliest_lead = deadlines.soft - session.obtained_at;
  const auto lead = std::chrono::duration_cast<Duration>(session.lifetime() * spread * unit);
  const TimePoint preferred =
      deadlines.soft - std::clamp(lead, Duration::zero(), std::max(earliest_lead, Duration{}));
  if (!options_.refresh_ahead) return preferred;
  // A burst of sign-ins would otherwise refresh together, in that last tenth, at every lifetime.
  const TimePoint now = options_.clock->now();
  const auto candidates = detail::RefreshCalendar::candidates(now, session.obtained_at, preferred,
                                                              deadlines.soft, random);
  if (plan && shared_) {
    // Among the fleet's plans: each replica's own calendar sees only the sessions it holds, and
    // the seconds the others fill look empty to it.
    std::vector<std::int64_t> seconds;
    seconds.reserve(candidates.size());
    for (const TimePoint candidate : candidates) {
      seconds.push_back(
          std::chrono::floor<std::chrono::seconds>(candidate.time_since_epoch()).count());
    }
    const auto counted = shared_->count_planned_refresh(seconds, detail::RefreshCalendar::kCrowded);
    if (counted && *counted) {
      const TimePoint chosen = candidates[**counted];
      const std::lock_guard lock(random_mutex_);
      calendar_.count_in(now, chosen);
      return chosen;
    }
  }
  const std::lock_guard lock(random_mutex_);
  return calendar_.place_among(now, candidates);
}

void SessionTable::Impl::plan_refresh(const std::string& key, Session& session) {
  if (!options_.refresh_ahead) return;
  session.refresh_planned_at =
      place_refresh(key, session, options_.policy.deadlines_for(session), /*plan=*/true);
}

bool SessionTable::Impl::move_late_refresh_locked(Entry& entry, TimePoint now) {
  if (entry.refresh_moved_late || entry.failed_attempts > 0 ||
      now - entry.refresh_at < std::chrono::seconds{1} || now >= entry.deadlines.hard) {
    return false;
  }
  // Halfway leaves a failed refresh as long again for its retries before callers must wait; a
  // refresh kept before the soft deadline stays the timer's, where the calendar counts it,
  // instead of being started by the session's first request in the soft window.
  TimePoint latest = now + (entry.deadlines.hard - now) / 2;
  if (now < entry.deadlines.soft) latest = std::min(latest, entry.deadlines.soft);
  entry.refresh_moved_late = true;
  entry.refresh_deferred = false;
  // No unschedule: the old time's second has gone by, and the calendar forgot its count.
  const std::lock_guard lock(random_mutex_);
  entry.refresh_at = calendar_.place_late(now, latest, random_);
  return true;
}

void SessionTable::Impl::unschedule_locked(const Entry& entry) {
  if (!options_.refresh_ahead || !entry.current) return;
  const std::lock_guard lock(random_mutex_);
  calendar_.remove(options_.clock->now(),
                   entry.refresh_deferred ? entry.current->refresh_planned_at : entry.refresh_at);
}

void SessionTable::Impl::forget_plan(const Session& session) {
  if (session.refresh_planned_at == TimePoint{}) return;
  const std::lock_guard lock(random_mutex_);
  calendar_.remove(options_.clock->now(), session.refresh_planned_at);
}

void SessionTable::Impl::publish_locked(Entry& entry, std::shared_ptr<const Session> session,
                                        bool planned_here) {
  unschedule_locked(entry);
  entry.deadlines = options_.policy.deadlines_for(*session);
  const TimePoint planned = session->refresh_planned_at;
  entry.refresh_deferred = false;
  if (planned == TimePoint{} || !options_.refresh_ahead) {
    entry.refresh_at = place_refresh(entry.key, *session, entry.deadlines, /*plan=*/false);
  } else if (planned_here) {
    entry.refresh_at = planned;  // counted when planned
  } else {
    {
      const std::lock_guard lock(random_mutex_);
      calendar_.count_in(options_.clock->now(), planned);
    }
    entry.refresh_at = planned;
    if (shared_) {
      // Long enough for the planning replica's refresh to be saved, so that this copy refreshes
      // only if that replica has gone; no longer, since its refreshes then come that much later
      // than the fleet counted them. Were both due at once, the lease would still let one
      // refresh.
      entry.refresh_at = std::min(planned + std::chrono::seconds{1},
                                  planned + (entry.deadlines.hard - planned) / 4);
      entry.refresh_deferred = true;
    }
  }
  entry.refresh_moved_late = false;
  entry.current = std::move(session);
  entry.failed_attempts = 0;
  entry.next_attempt_at = {};
  entry.last_error.reset();
}

bool SessionTable::Impl::absolute_end_passed(const Entry& entry, TimePoint now) const {
  return options_.absolute_timeout > Duration::zero() &&
         now >= entry.created_at + options_.absolute_timeout;
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
      make_session(key, grant, requested_at, context, *grant.refresh_token));
  const TimePoint now = options_.clock->now();
  if (const EntryPtr replaced = find(key)) {
    // Ended first, so that a refresh of it still in flight cannot save over the new session.
    const std::lock_guard lock(replaced->mutex);
    replaced->current.reset();
    replaced->timer_stamp = 0;
  }
  std::uint64_t fence = 0;
  if (shared_) {
    auto saved = shared_->save_new(key, *session, now);
    if (!saved) {
      forget_plan(*session);
      return saved.error();
    }
    fence = *saved;
  } else if (options_.store) {
    if (auto saved = options_.store->save(key, *session, now); !saved) {
      forget_plan(*session);
      return saved.error();
    }
  }
  auto entry = std::make_shared<Entry>(key, now);
  {
    const std::lock_guard lock(entry->mutex);
    entry->last_used = now;
    entry->fence = fence;
    publish_locked(*entry, session, /*planned_here=*/true);
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
  EntryPtr entry;
  std::unique_lock<std::mutex> lock;
  // With a shared store, a copy that ended here between the lookup and the lock (its idle end on
  // the timer thread) says nothing of the fleet's session: the second look reads the store.
  for (int look = 1;; ++look) {
    if (shared_) {
      auto found = lookup_shared(key);
      if (!found) return done(found.error());
      entry = std::move(*found);
    } else {
      entry = find(key);
    }
    if (!entry) return done(not_signed_in());
    lock = std::unique_lock(entry->mutex);
    if (entry->current) break;
    lock.unlock();
    if (!shared_ || look == 2) return done(not_signed_in());
  }
  std::optional<Result<SessionSnapshot>> answer;
  {
    const TimePoint now = options_.clock->now();
    // With a shared store only the absolute end ends a session here: idleness is the fleet's,
    // and lookup_shared() has already swapped a copy idle here for the store's record.
    if (auto ends = ends_at_locked(*entry);
        ends && now >= *ends && (!shared_ || absolute_end_passed(*entry, now))) {
      end_locked(*entry, EndScope::here_only);
      lock.unlock();
      for (const auto& observer : observers()) {
        observer->on_session_expired(session_expired("the session timed out"));
      }
      return done(session_expired("the session timed out"));
    }
    entry->last_used = now;
    if (shared_) touch_locked(*entry, now);
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
          // A store that cannot be reached stays that: callers tell it from a provider outage.
          answer.emplace(Error{is_store_unavailable(last) ? Errc::storage : Errc::transient,
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
  lock.unlock();
  done(std::move(*answer));
}

bool SessionTable::Impl::report_unauthorized(const std::string& key, std::uint64_t generation) {
  const EntryPtr entry = find(key);
  if (!entry) return false;
  Deliveries deliveries;
  {
    const std::lock_guard lock(entry->mutex);
    if (!entry->current || entry->current->generation != generation) return false;
    end_locked(*entry, EndScope::unless_newer);
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
  // Signed in through another replica: the record is ended, and its refresh token revoked.
  if (!ended && shared_) ended = end_shared_record(key);
  if (!ended) {
    if (done) done(not_signed_in());
    return;
  }
  pool_.post([this, ended, done = std::move(done)] {
    auto revoked = authenticator_->revoke(ended->refresh_token);
    if (done) done(std::move(revoked));
  });
}

Result<std::optional<SessionStatus>> SessionTable::Impl::lookup_status(const std::string& key) {
  EntryPtr entry;
  if (shared_) {
    auto found = lookup_shared(key);
    if (!found) return found.error();
    entry = std::move(*found);
  } else {
    entry = find(key);
  }
  if (!entry) return std::optional<SessionStatus>{};
  const std::lock_guard lock(entry->mutex);
  if (!entry->current) return std::optional<SessionStatus>{};
  return std::optional<SessionStatus>{
      SessionStatus{entry->current->generation, entry->created_at, entry->current->expires_at,
                    ends_at_locked(*entry), entry->current->id_token}};
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

void SessionTable::stop() { impl_->stop(); }

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
  auto found = impl_->lookup_status(key);
  return found ? std::move(*found) : std::nullopt;  // the store unreachable: unknown here
}

Result<std::optional<SessionStatus>> SessionTable::lookup_status(const std::string& key) const {
  return impl_->lookup_status(key);
}

std::size_t SessionTable::size() const { return impl_->size(); }

std::size_t SessionTable::refreshes_in_flight() const { return impl_->refreshes_in_flight(); }

}  // namespace freshauth
