#pragma once

#include <pthread.h>
#include <sched.h>

#include <string>

#include "harness.h"

namespace freshauth::bench {

// Pins the calling thread to `cpus` ("1", "0,1", "0-1"). Threads and processes it starts
// afterwards inherit the set: the harness pins itself to the server's cores while it starts
// Redis, the replicas and nginx, and to the client's while it starts its idp and upstream.
inline void pin_this_thread(const std::string& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::size_t at = 0;
  while (at < cpus.size()) {
    std::size_t end = cpus.find(',', at);
    if (end == std::string::npos) end = cpus.size();
    const std::string item = cpus.substr(at, end - at);
    const auto dash = item.find('-');
    const int first = std::stoi(item.substr(0, dash));
    const int last = dash == std::string::npos ? first : std::stoi(item.substr(dash + 1));
    for (int cpu = first; cpu <= last; ++cpu) CPU_SET(cpu, &set);
    at = end + 1;
  }
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
    fail("cannot pin to CPUs " + cpus);
  }
}

}  // namespace freshauth::bench
