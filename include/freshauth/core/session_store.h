#pragma once

#include <memory>
#include <optional>

#include "freshauth/core/error.h"
#include "freshauth/core/session.h"

namespace freshauth {

/// Held while one process refreshes a session that others share; released on destruction.
class StoreLock {
 public:
  virtual ~StoreLock() = default;
};

/// Where a session survives the process. Implementations make save() atomic: after a crash the
/// stored session is the old one or the new one, never a mixture.
class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual Result<std::optional<Session>> load() = 0;
  virtual Result<void> save(const Session& session) = 0;
  virtual Result<void> clear() = 0;
  /// Stores shared between processes return a lock that serialises refreshes across them, so
  /// that N processes in the refresh window make one refresh call between them. The default
  /// (nullptr) means the store is private to this process.
  virtual Result<std::unique_ptr<StoreLock>> lock_for_refresh() {
    return std::unique_ptr<StoreLock>{};
  }
};

}  // namespace freshauth
