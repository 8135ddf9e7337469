#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "freshauth/platform/process.h"

namespace freshauth::bench {

// nginx in front of the replicas, configured from docs/fleet-bench-nginx.conf: one port balances
// round robin over all replicas, the other sends everything to the first.
class NginxBalancer {
 public:
  // Started and accepting on both ports, or the harness fails.
  static NginxBalancer start(const std::filesystem::path& config_template,
                             const std::filesystem::path& dir,
                             const std::vector<std::uint16_t>& replica_ports);

  std::uint16_t fleet_port() const { return fleet_port_; }
  std::uint16_t one_replica_port() const { return one_replica_port_; }
  int stop();  // SIGQUIT (graceful), as `nginx -s quit`; the exit code

 private:
  NginxBalancer(platform::Process process, std::uint16_t fleet_port, std::uint16_t one_port)
      : process_(std::move(process)), fleet_port_(fleet_port), one_replica_port_(one_port) {}

  platform::Process process_;
  std::uint16_t fleet_port_;
  std::uint16_t one_replica_port_;
};

}  // namespace freshauth::bench
