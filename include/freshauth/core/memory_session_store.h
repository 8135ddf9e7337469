#pragma once

#include <mutex>

#include "freshauth/core/session_store.h"

namespace freshauth {

class MemorySessionStore final : public SessionStore {
 public:
  Result<std::optional<Session>> load() override;
  Result<void> save(const Session& session) override;
  Result<void> clear() override;

 private:
  std::mutex mutex_;
  std::optional<Session> session_;
};

}  // namespace freshauth
