#include "gateway/pending_logins.h"

#include <openssl/crypto.h>

#include "freshauth/security/random.h"

namespace freshauth::gateway {
namespace {

constexpr std::size_t kStateBytes = 32;

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

PendingLogins::PendingLogins(std::chrono::seconds lifetime, std::size_t capacity)
    : lifetime_(lifetime), capacity_(capacity == 0 ? 1 : capacity) {}

std::string PendingLogins::begin(PendingLogin login) {
  std::string state = random_token(kStateBytes);
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
  logins_.emplace(state, std::move(login));
  order_.push_back(state);
  return state;
}

std::optional<PendingLogin> PendingLogins::take(std::string_view state,
                                                std::string_view browser_binding, TimePoint now) {
  const std::lock_guard lock(mutex_);
  const auto found = logins_.find(std::string{state});
  if (found == logins_.end()) return std::nullopt;
  PendingLogin login = std::move(found->second);
  logins_.erase(found);
  if (now >= login.started_at + lifetime_) return std::nullopt;
  if (!same(login.browser_binding, browser_binding)) return std::nullopt;
  return login;
}

std::size_t PendingLogins::size() const {
  const std::lock_guard lock(mutex_);
  return logins_.size();
}

}  // namespace freshauth::gateway
