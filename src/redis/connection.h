#pragma once

#include <memory>
#include <string>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/redis/endpoint.h"
#include "freshauth/redis/reply.h"

struct redisContext;

namespace freshauth::redis {

// One hiredis connection, for one thread at a time. Once a command fails at the connection level
// (closed, timed out) it is broken and must be dropped: hiredis cannot reuse it.
class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const Endpoint& endpoint);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A Redis error reply comes back as an Error whose message holds Redis's own text (e.g.
  // "NOSCRIPT ..."), which names no value.
  Result<Reply> command(const std::vector<std::string>& argv);
  bool broken() const { return broken_; }
  // Broken because the server had closed it (a restart): nothing of the command was run.
  bool found_closed() const { return found_closed_; }

 private:
  Connection(redisContext* context, std::string where)
      : context_(context), where_(std::move(where)) {}

  redisContext* context_;
  std::string where_;
  bool broken_ = false;
  bool found_closed_ = false;
};

}  // namespace freshauth::redis
