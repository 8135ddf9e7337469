#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "freshauth/platform/process.h"

namespace freshauth::bench {

// What every replica of the fleet is started with, as docs/fleet.md deploys them: the same
// provider, the same Redis and the same session key.
struct ReplicaSettings {
  std::string binary;  // the freshauth CLI
  std::string issuer;
  std::string client_id;
  std::string client_secret;  // passed in the environment, never on the command line
  std::string upstream;       // served under /api/
  std::string redis;          // redis://127.0.0.1:PORT
  std::filesystem::path key_file;
  std::filesystem::path home;
};

// One `freshauth gateway` BFF process on a port of its choosing. Its stderr is the harness's.
class GatewayReplica {
 public:
  // Started and listening, or the harness fails.
  static GatewayReplica start(const ReplicaSettings& settings);

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return process_.pid(); }
  // SIGTERM, as an operator stops one; its exit code (128 + N if killed by signal N; -1 if it
  // had to be killed after the deadline).
  int stop();

 private:
  GatewayReplica(platform::Process process, std::uint16_t port)
      : process_(std::move(process)), port_(port) {}

  platform::Process process_;
  std::uint16_t port_;
};

}  // namespace freshauth::bench
