#pragma once

#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/core/session.h"

namespace freshauth {

/// A session as SessionTable::restore() takes it back.
struct StoredTableSession {
  std::string key;
  Session session;
  TimePoint created_at;
};

/// A record load_all() could not use; the error says why without quoting the record.
struct SkippedTableSession {
  std::string key;
  Error error;
};

/// What a table store's load_all() read.
struct LoadedTableSessions {
  std::vector<StoredTableSession> sessions;
  std::vector<SkippedTableSession> skipped;
};

}  // namespace freshauth
