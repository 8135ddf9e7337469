#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "freshauth/core/error.h"
#include "freshauth/server/http_server.h"

namespace freshauth::detail {

// The RFC 8252 loopback redirect target of one browser sign-in: an HTTP listener on
// http://<host>:<port>/callback that takes the first callback, checks its state, answers the
// browser with a small page saying what happened, and signals arrived(). Later callbacks are told
// the sign-in is over. Stops when destroyed.
class LoopbackListener {
 public:
  // port 0: a free port.
  static Result<std::unique_ptr<LoopbackListener>> start(const std::string& host,
                                                         std::uint16_t port,
                                                         std::string expected_state);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  const std::string& redirect_uri() const { return redirect_uri_; }
  // Requested once the first callback has been answered.
  std::stop_token arrived() const;
  // The code of an accepted callback, the Error a refused one stands for, or nullopt before any.
  std::optional<Result<std::string>> outcome() const;

 private:
  struct Callback;  // shared with the request handler
  LoopbackListener() = default;

  std::shared_ptr<Callback> callback_;
  std::unique_ptr<server::HttpServer> server_;
  std::string redirect_uri_;
};

}  // namespace freshauth::detail
