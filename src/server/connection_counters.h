#pragma once

#include <atomic>
#include <cstdint>

#include "freshauth/server/http_server.h"

namespace freshauth::server {

// The live counters behind ServerStats.
class ConnectionCounters {
 public:
  void opened() {
    open_.fetch_add(1, std::memory_order_relaxed);
    total_.fetch_add(1, std::memory_order_relaxed);
  }
  void closed() { open_.fetch_sub(1, std::memory_order_relaxed); }
  void answered(int status);
  std::uint64_t open() const { return open_.load(std::memory_order_relaxed); }
  ServerStats snapshot() const;

 private:
  std::atomic<std::uint64_t> requests_{0}, ok_{0}, client_errors_{0}, server_errors_{0};
  std::atomic<std::uint64_t> open_{0}, total_{0};
};

}  // namespace freshauth::server
