#include <algorithm>

#include "core/session_errors.h"
#include "core/session_table_impl.h"

// Refreshes and the one timer: how a session's tokens are renewed, and what a failure means.
namespace freshauth {
namespace {

using detail::is_fatal;
using detail::session_expired;

}  // namespace

void SessionTable::Impl::start_refresh_locked(const EntryPtr& entry) {
  entry->refreshing = true;
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  pool_.post([this, entry] { refresh(entry); });
}

void SessionTable::Impl::refresh(const EntryPtr& entry) {
  std::shared_ptr<const Session> base;
  std::uint64_t base_fence = 0;
  {
    const std::lock_guard lock(entry->mutex);
    base = entry->current;
    base_fence = entry->fence;
  }
  // With a shared store, the provider is asked only under the fleet's lease for this session.
  Coordination shared;
  const bool stopping = this->stopping();
  if (base && shared_ && !stopping) shared = coordinate(entry->key, base_fence);
  std::optional<Result<TokenGrant>> grant;
  TimePoint requested_at{};
  if (base && !shared.newer && !shared.gone) {
    requested_at = options_.clock->now();
    if (shared.error) {
      grant.emplace(*shared.error);
    } else if (stopping) {
      grant.emplace(Error{Errc::transient, "not refreshed: the session table is stopping", {}});
    } else {
      grant.emplace(authenticator_->refresh(
          {base->refresh_token, base->device_key, base->device_group_key, base->access_token}));
    }
  }
  if (shared.lease && (!grant || !*grant)) {
    // Not saving: let another replica try at once rather than after the lease's expiry.
    if (auto released = shared_->release(entry->key, *shared.lease); !released) {
      for (const auto& observer : observers()) observer->on_store_failed(released.error());
    }
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
    // A dead refresh token may only mean another replica rotated it: its record then says so.
    std::optional<SharedRecord> newer = std::move(shared.newer);
    if (base && entry->current == base && grant && !*grant && is_fatal(grant->error()) && shared_) {
      if (auto reread = shared_->load(entry->key);
          reread && *reread && (*reread)->fence > base_fence) {
        newer = std::move(**reread);
      }
    }
    if (base && entry->current != base && shared.lease && *grant) {
      // The copy here was dropped (idle here) or replaced while the provider answered: the
      // rotated refresh token must still reach the store, or the fleet is left holding a used
      // one. A sign-out meanwhile moved the fence on, and then this save is refused.
      const Session orphan = refreshed_session(entry->key, **grant, *base, requested_at);
      if (auto saved = shared_->save_fenced(entry->key, orphan, entry->created_at, *shared.lease);
          !saved) {
        store_failure = saved.error();
      }
    }
    if (!base || entry->current != base) {
      // Ended or replaced while the refresh ran: its result belongs to nobody here.
      if (entry->current) {
        answer_all(SessionSnapshot{entry->current});
      } else {
        answer_all(session_expired("the session has ended"));
      }
    } else if (newer) {
      adopt_record_locked(*entry, std::move(*newer));
      answer_all(SessionSnapshot{entry->current});
    } else if (shared.gone) {
      end_locked(*entry, EndScope::here_only);
      expired = session_expired("the session was ended on another replica");
      answer_all(*expired);
    } else if (*grant) {
      refreshed = std::make_shared<const Session>(
          refreshed_session(entry->key, **grant, *base, requested_at));
      // Under the session's lock, so that a sign-out cannot erase the record in between and
      // have this save bring it back.
      if (shared.lease) {
        switch (save_fenced_locked(*entry, *refreshed, *shared.lease, store_failure)) {
          case FencedSave::kept:
            break;
          case FencedSave::superseded:
            forget_plan(*refreshed);
            refreshed.reset();
            answer_all(SessionSnapshot{entry->current});
            break;
          case FencedSave::ended:
            forget_plan(*refreshed);
            refreshed.reset();
            expired = session_expired("the session was ended on another replica");
            answer_all(*expired);
            break;
          case FencedSave::unknown:
            forget_plan(*refreshed);
            refreshed.reset();
            answer_all(SessionSnapshot{base});
            break;
        }
      } else if (options_.store) {
        if (auto saved = options_.store->save(entry->key, *refreshed, entry->created_at); !saved) {
          store_failure = saved.error();
        }
      }
      if (refreshed) {
        publish_locked(*entry, refreshed, /*planned_here=*/true);
        answer_all(SessionSnapshot{refreshed});
      }
    } else {
      const Error& error = grant->error();
      failure_error = error;
      if (is_fatal(error)) {
        failure = FailureClass::fatal;
        end_locked(*entry, EndScope::unless_newer);
        expired = session_expired("the refresh token was rejected (" + error.message + ")");
        answer_all(*expired);
      } else {
        failure = FailureClass::transient;
        back_off_locked(*entry, *base, error);
        if (options_.clock->now() < base->expires_at) {
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

Session SessionTable::Impl::refreshed_session(const std::string& key, TokenGrant& fresh,
                                              const Session& base, TimePoint requested_at) {
  // The partner API never rotates the refresh token; OAuth2 servers may.
  const std::string& refresh_token = fresh.refresh_token && !fresh.refresh_token->empty()
                                         ? *fresh.refresh_token
                                         : base.refresh_token;
  if (fresh.id_token.empty()) fresh.id_token = base.id_token;
  const SessionContext context{base.partner_id, base.device_key, base.device_group_key};
  return make_session(key, fresh, requested_at, context, refresh_token);
}

void SessionTable::Impl::back_off_locked(Entry& entry, const Session& base, const Error& error) {
  ++entry.failed_attempts;
  double unit = 0;
  {
    const std::lock_guard random_lock(random_mutex_);
    unit = std::uniform_real_distribution<double>{0.0, 1.0}(random_);
  }
  Duration delay = options_.policy.backoff_after(entry.failed_attempts, unit);
  const TimePoint now = options_.clock->now();
  // Keep several attempts inside the token's remaining life rather than backing off past it.
  if (now < base.expires_at) {
    delay = std::min(delay, std::max((base.expires_at - now) / 2, options_.policy.backoff_initial));
  }
  if (error.retry_after) delay = std::max<Duration>(delay, *error.retry_after);
  entry.next_attempt_at = now + delay;
  entry.last_error = error;
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
      end_locked(*entry, EndScope::here_only);
      // With a shared store an idle copy is only forgotten here: the session may be in use at
      // other replicas, and the store's record expires on its own when it is not.
      timed_out = !shared_ || absolute_end_passed(*entry, now);
    } else {
      if (options_.refresh_ahead && !entry->refreshing && now >= entry->refresh_at &&
          now >= entry->next_attempt_at && !move_late_refresh_locked(*entry, now)) {
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

}  // namespace freshauth
