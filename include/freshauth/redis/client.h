#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/redis/endpoint.h"
#include "freshauth/redis/reply.h"

namespace freshauth::redis {

class Connection;

/// A Redis client for many threads: each command borrows a connection from a small pool (opening
/// one when none is idle) and returns it unless it failed, so a restarted server is reconnected
/// to on the next command without anybody restarting. Errors are Errc::storage with a message
/// naming the server, never a value or the password.
class Client {
 public:
  /// Connects once and sends PING to check the endpoint and the password; the error says why not.
  static Result<std::shared_ptr<Client>> connect(Endpoint endpoint, std::size_t max_idle = 8);
  /// No connection yet: the first command connects. For a process that must start while Redis
  /// is down.
  static std::shared_ptr<Client> lazy(Endpoint endpoint, std::size_t max_idle = 8);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// One command, its arguments binary-safe.
  Result<Reply> command(const std::vector<std::string>& argv);
  /// A Lua script by EVALSHA, loading it (SCRIPT LOAD) the first time and again after NOSCRIPT
  /// (a restarted server has forgotten it).
  Result<Reply> eval(const std::string& script, const std::vector<std::string>& keys,
                     const std::vector<std::string>& args);

  const Endpoint& endpoint() const { return endpoint_; }

 private:
  Client(Endpoint endpoint, std::size_t max_idle);
  // An idle connection, or a new one (always when `fresh`).
  Result<std::unique_ptr<Connection>> borrow(bool fresh);
  void give_back(std::unique_ptr<Connection> connection);
  Result<std::string> script_sha(const std::string& script, bool reload);

  Endpoint endpoint_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::unordered_map<std::string, std::string> shas_;  // script -> SHA1 Redis gave
};

}  // namespace freshauth::redis
