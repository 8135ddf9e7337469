#pragma once

#include <chrono>
#include <filesystem>
#include <functional>

#include "counting_idp.h"
#include "freshauth/stores/redis_session_table_store.h"

namespace freshauth::bench {

// Sessions as the replicas would have saved them after sign-ins, written through the store's own
// API (the sealed records every replica reads), each with a grant the idp honours: signing in
// 100,000 users through the code flow would take longer than the run.
struct PreloadPlan {
  int sessions = 0;
  TimePoint created_at;                     // the sessions' sign-in (absolute timeout)
  std::function<TimePoint(int)> issued_at;  // session i's current token's issue time
  std::filesystem::path cookie_file;        // session ids, one a line (0600: they sign in)
};

// Writes them all; the harness fails on the first that cannot be saved.
void preload_sessions(const PreloadPlan& plan, CountingIdp& idp, RedisSessionTableStore& store);

}  // namespace freshauth::bench
