#include "freshauth/core/memory_session_store.h"

namespace freshauth {

Result<std::optional<Session>> MemorySessionStore::load() {
  const std::lock_guard lock(mutex_);
  return session_;
}

Result<void> MemorySessionStore::save(const Session& session) {
  const std::lock_guard lock(mutex_);
  session_ = session;
  return {};
}

Result<void> MemorySessionStore::clear() {
  const std::lock_guard lock(mutex_);
  session_.reset();
  return {};
}

}  // namespace freshauth
