#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "gateway/pending_login_store.h"

// Sign-ins waiting in this process: for one gateway, or a fleet whose load balancer brings every
// callback back to the replica that started the sign-in. Bounded: the oldest are dropped first
// when a flood of logins that never finish fills it.
namespace freshauth::gateway {

class MemoryPendingLogins final : public PendingLoginStore {
 public:
  explicit MemoryPendingLogins(std::chrono::seconds lifetime = kPendingLoginLifetime,
                               std::size_t capacity = 10'000);

  Result<void> put(const std::string& state, const PendingLogin& login) override;
  Result<std::optional<PendingLogin>> take(const std::string& state, TimePoint now) override;
  std::size_t size() const;

 private:
  const std::chrono::seconds lifetime_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, PendingLogin> logins_;
  std::deque<std::string> order_;  // states, oldest first; may name logins already taken
};

}  // namespace freshauth::gateway
