#include "gateway/memory_pending_logins.h"

namespace freshauth::gateway {

MemoryPendingLogins::MemoryPendingLogins(std::chrono::seconds lifetime, std::size_t capacity)
    : lifetime_(lifetime), capacity_(capacity == 0 ? 1 : capacity) {}

Result<void> MemoryPendingLogins::put(const std::string& state, const PendingLogin& login) {
  const TimePoint now = login.started_at;
  const std::lock_guard lock(mutex_);
  // order_ is oldest first: drop from the front what was taken or has expired, then, when full,
  // the oldest still waiting. Both keep it no longer than a lifetime's worth of logins.
  while (!order_.empty()) {
    const auto front = logins_.find(order_.front());
    const bool stale = front == logins_.end() || now >= front->second.started_at + lifetime_;
    if (!stale && logins_.size() < capacity_) break;
    if (front != logins_.end()) logins_.erase(front);
    order_.pop_front();
  }
  logins_.insert_or_assign(state, login);
  order_.push_back(state);
  return {};
}

Result<std::optional<PendingLogin>> MemoryPendingLogins::take(const std::string& state,
                                                              TimePoint now) {
  const std::lock_guard lock(mutex_);
  const auto found = logins_.find(state);
  if (found == logins_.end()) return std::optional<PendingLogin>{};
  PendingLogin login = std::move(found->second);
  logins_.erase(found);
  if (now >= login.started_at + lifetime_) return std::optional<PendingLogin>{};
  return std::optional<PendingLogin>{std::move(login)};
}

std::size_t MemoryPendingLogins::size() const {
  const std::lock_guard lock(mutex_);
  return logins_.size();
}

}  // namespace freshauth::gateway
