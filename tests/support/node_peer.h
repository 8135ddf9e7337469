#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/platform/process.h"

namespace freshauth::testing {

// A real peer in a child node process: `node <arguments...>` writes one JSON line on stdout once
// it serves (its announcement: where it listens, what it created) and serves until its stdin
// closes. Starting waits at most 30 s for the line; stopping closes stdin and waits at most 10 s
// before SIGKILL. Its stderr goes to ours. `launcher` goes before `node` (benchmarks pin the
// peer to a core with {"taskset", "-c", "0"}).
class NodePeer {
 public:
  explicit NodePeer(const std::vector<std::string>& arguments,
                    const std::vector<std::string>& launcher = {});
  ~NodePeer();
  NodePeer(const NodePeer&) = delete;
  NodePeer& operator=(const NodePeer&) = delete;

  // Null when node did not start the server in time (its stderr says why).
  const nlohmann::json& announcement() const { return announcement_; }
  /// The node process (-1 when it did not start): benchmarks read its CPU time.
  pid_t pid() const { return node_ ? node_->pid() : -1; }

 private:
  std::optional<platform::Process> node_;
  nlohmann::json announcement_;
};

}  // namespace freshauth::testing
