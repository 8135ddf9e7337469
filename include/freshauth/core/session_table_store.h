#pragma once

#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/core/session.h"

namespace freshauth {

/// Where a SessionTable's sessions survive the process, one record per key. save() is atomic per
/// key (after a crash a record is the old session or the new one) and is called before the new
/// session is used, so a rotated refresh token is never only in memory. Loading is the owner's
/// job: it reads its records at start and hands each to SessionTable::restore().
class SessionTableStore {
 public:
  virtual ~SessionTableStore() = default;
  virtual Result<void> save(const std::string& key, const Session& session,
                            TimePoint created_at) = 0;
  virtual Result<void> erase(const std::string& key) = 0;
};

}  // namespace freshauth
