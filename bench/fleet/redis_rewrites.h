#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "freshauth/redis/client.h"

namespace freshauth::bench {

// When Redis was writing a snapshot of itself in a forked child (an append-only file rewrite or
// an RDB save): the child runs on the core the replicas share, so the run's report shows these
// windows beside its refresh rate. Asks INFO persistence four times a second on a connection of
// its own until stopped.
class RedisRewrites {
 public:
  explicit RedisRewrites(std::shared_ptr<redis::Client> client);
  ~RedisRewrites();
  RedisRewrites(const RedisRewrites&) = delete;
  RedisRewrites& operator=(const RedisRewrites&) = delete;

  // [start, end] in epoch seconds (end 0 while still going).
  std::vector<std::pair<double, double>> windows() const;

 private:
  void watch(const std::stop_token& stop);

  std::shared_ptr<redis::Client> client_;
  mutable std::mutex mutex_;
  std::vector<std::pair<double, double>> windows_;
  std::jthread thread_;
};

// Rewrites the append-only file now, waits until it is written, and turns automatic rewrites off:
// no forked child runs beside the replicas for the rest of the run. Throws std::runtime_error when
// Redis refuses or the rewrite does not finish within `deadline`.
void rewrite_now_then_never(redis::Client& client, std::chrono::seconds deadline);

}  // namespace freshauth::bench
