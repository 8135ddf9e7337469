#include <algorithm>
#include <chrono>

#include "core/session_errors.h"
#include "core/session_table_impl.h"
#include "freshauth/core/store_unavailable.h"

// A replica of a fleet: sessions other replicas signed in or refreshed, taken from the shared
// store, and the lease that lets one replica at a time refresh a session (docs/fleet.md).
namespace freshauth {

SessionTable::Impl::Coordination SessionTable::Impl::coordinate(const std::string& key,
                                                                std::uint64_t base_fence) {
  const auto give_up_at = std::chrono::steady_clock::now() + options_.lease_wait;
  Coordination outcome;
  // A newer record than ours, or none: the answer without the lease.
  const auto settled_by = [&](Result<std::optional<SharedRecord>>& record) {
    if (!record) {
      outcome.error = store_unavailable(record.error());
    } else if (!*record) {
      outcome.gone = true;
    } else if ((*record)->fence > base_fence) {
      outcome.newer = std::move(**record);
    } else {
      return false;
    }
    return true;
  };
  // Listening before the first read: a save made between that read and the wait wakes it.
  const auto watch = shared_->watch(key, options_.lease_poll);
  for (;;) {
    if (stopping()) {
      outcome.error = Error{Errc::transient, "not refreshed: the session table is stopping", {}};
      return outcome;
    }
    auto record = shared_->load(key);
    if (settled_by(record)) return outcome;
    auto attempt = shared_->try_lease(key, options_.lease_ttl);
    if (!attempt) {
      outcome.error = store_unavailable(attempt.error());
      return outcome;
    }
    if (attempt->record_missing) {
      outcome.gone = true;
      return outcome;
    }
    if (attempt->lease) {
      // Another replica may have saved and let go between our read and our lease.
      auto again = shared_->load(key);
      if (settled_by(again)) {
        (void)shared_->release(key, *attempt->lease);
        return outcome;
      }
      outcome.lease = std::move(attempt->lease);
      return outcome;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= give_up_at) {
      outcome.error = Error{
          Errc::transient, "another replica has been refreshing this session for too long", {}};
      return outcome;
    }
    // The holder's save or release, or its lease's expiry, is what ends this wait: all are the
    // store's, in real time.
    auto until = std::min(give_up_at, now + options_.lease_recheck);
    if (attempt->held_for > std::chrono::milliseconds::zero()) {
      until = std::min(until, now + attempt->held_for + std::chrono::milliseconds{1});
    }
    watch->wait(until);
  }
}

SessionTable::Impl::FencedSave SessionTable::Impl::save_fenced_locked(
    Entry& entry, const Session& refreshed, const RefreshLease& lease,
    std::optional<Error>& store_failure) {
  auto saved = shared_->save_fenced(entry.key, refreshed, entry.created_at, lease);
  if (!saved || *saved) {
    // Unsaved (the store is down), it is still the only copy of a rotated refresh token: used
    // here, and saved by this replica's next refresh.
    if (!saved) store_failure = saved.error();
    entry.fence = lease.fence;
    return FencedSave::kept;
  }
  // A newer lease was taken while this one had lapsed (a pause): that replica's session wins.
  auto reread = shared_->load(entry.key);
  if (!reread) {
    store_failure = reread.error();
    return FencedSave::unknown;
  }
  if (!*reread) {
    end_locked(entry, EndScope::here_only);
    return FencedSave::ended;
  }
  adopt_record_locked(entry, std::move(**reread));
  return FencedSave::superseded;
}

Result<SessionTable::Impl::EntryPtr> SessionTable::Impl::load_shared(const std::string& key) {
  auto record = shared_->load(key);
  if (!record) return store_unavailable(record.error());
  if (!*record) return EntryPtr{};
  auto entry = std::make_shared<Entry>(key, (*record)->created_at);
  {
    const std::lock_guard lock(entry->mutex);
    entry->last_used = options_.clock->now();
    adopt_record_locked(*entry, std::move(**record));
    arm_locked(entry);
  }
  // Another request may have loaded it meanwhile: the first one in the map is the one used.
  Shard& shard = shard_for(entry->key);
  const std::unique_lock lock(shard.mutex);
  const auto [found, inserted] = shard.entries.emplace(entry->key, entry);
  return found->second;
}

Result<SessionTable::Impl::EntryPtr> SessionTable::Impl::lookup_shared(const std::string& key) {
  if (EntryPtr entry = find(key)) {
    const std::lock_guard lock(entry->mutex);
    const bool idle_here = options_.idle_timeout > Duration::zero() && entry->current &&
                           !entry->refreshing &&
                           options_.clock->now() >= entry->last_used + options_.idle_timeout;
    if (!idle_here) return entry;
    end_locked(*entry, EndScope::here_only);
  }
  return load_shared(key);
}

std::shared_ptr<const Session> SessionTable::Impl::end_shared_record(const std::string& key) {
  auto record = shared_->load(key);
  if (!record || !*record) {
    if (!record) {
      for (const auto& observer : observers()) observer->on_store_failed(record.error());
    }
    return nullptr;
  }
  if (auto erased = shared_->erase(key); !erased) {
    for (const auto& observer : observers()) observer->on_store_failed(erased.error());
  }
  return std::make_shared<const Session>(std::move((*record)->session));
}

void SessionTable::Impl::touch_locked(Entry& entry, TimePoint now) {
  // Often enough that a sign-out at another replica ends this copy within half a minute, and
  // that the record's idle expiry is pushed on well before it comes.
  Duration every = std::chrono::seconds{30};
  if (options_.idle_timeout > Duration::zero()) every = std::min(every, options_.idle_timeout / 10);
  if (entry.touched_at != TimePoint{} && now - entry.touched_at < every) return;
  entry.touched_at = now;
  pool_.post([this, key = entry.key, now] {
    if (stopping()) return;
    auto touched = shared_->touch(key, now);
    if (!touched) {
      for (const auto& observer : observers()) observer->on_store_failed(touched.error());
    } else if (!*touched) {
      drop_copy(key);
    }
  });
}

void SessionTable::Impl::drop_copy(const std::string& key) {
  const EntryPtr entry = find(key);
  if (!entry) return;
  Deliveries deliveries;
  {
    const std::lock_guard lock(entry->mutex);
    if (!entry->current || entry->refreshing) return;  // a refresh in flight finds out itself
    end_locked(*entry, EndScope::here_only);
    for (auto& waiter : std::exchange(entry->waiters, {})) {
      deliveries.emplace_back(std::move(waiter), detail::session_expired("the session has ended"));
    }
  }
  deliver(std::move(deliveries));
}

void SessionTable::Impl::adopt_record_locked(Entry& entry, SharedRecord record) {
  record.session.generation = next_generation();
  entry.fence = record.fence;
  publish_locked(entry, std::make_shared<const Session>(std::move(record.session)));
}

}  // namespace freshauth
