#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "counting_idp.h"
#include "freshauth/stores/redis_session_table_store.h"

namespace freshauth::bench {

// Sessions as the replicas would have saved them after sign-ins, signed in through a SessionTable
// on the replicas' store (the sealed records every replica reads, with the refresh plan a
// replica's calendar gives them), each with a grant the idp honours: signing in 100,000 users
// through the code flow would take longer than the run. Right after its record is
// written, each session is requested once through the balancer, so that a replica holds it and
// refreshes it ahead of expiry from then on, as it would after the user's sign-in (replicas load
// a session from Redis when a request first names it).
struct PreloadPlan {
  int sessions = 0;
  int threads = 8;
  // Session i's current token's issue time, given when its record is written.
  std::function<TimePoint(int index, TimePoint now)> issued_at;
  std::string balancer;               // http://127.0.0.1:PORT
  std::filesystem::path cookie_file;  // session ids, one a line (0600: they sign in)
};

struct PreloadOutcome {
  std::uint64_t failed_requests = 0;  // answers other than 200 to the first request, or errors
  std::chrono::milliseconds took{0};
};

// Writes and requests them all; the harness fails on a record that cannot be saved.
PreloadOutcome preload_sessions(const PreloadPlan& plan, CountingIdp& idp,
                                std::shared_ptr<RedisSessionTableStore> store);

}  // namespace freshauth::bench
