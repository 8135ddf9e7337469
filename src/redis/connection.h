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

  // For a subscribed connection, whose replies come unasked: the socket, to poll(2) for input,
  // and every complete reply received so far, reading the socket once first when `read_socket`
  // (only when poll said it has input: the read blocks otherwise). An error once the server
  // closed the connection.
  int socket() const;
  Result<std::vector<Reply>> take_replies(bool read_socket);
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
