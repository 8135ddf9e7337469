#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "freshauth/core/error.h"
#include "freshauth/server/io_threads.h"
#include "freshauth/server/upstream_request.h"

namespace freshauth::server {

struct UpstreamClientOptions {
  int threads = 2;  ///< run every I/O step and every `done`, unless `io` is given
  std::size_t max_connections_per_host = 16;             ///< more requests wait for a free one
  std::chrono::milliseconds connect_timeout{5'000};      ///< resolve and connect, together
  std::chrono::milliseconds response_timeout{30'000};    ///< request sent and response read
  std::size_t max_response_body = std::size_t{4} << 20;  ///< larger answers are an error
  /// Threads to run on instead of threads of its own: an HttpServer's, so that a proxied request
  /// never changes thread (see IoThreads).
  std::shared_ptr<IoThreads> io;
};

/// An asynchronous HTTP/1.1 client for a gateway's upstream calls: no thread waits on the
/// network. Keeps a pool of keep-alive connections per host:port. An idle connection the server
/// closed is replaced by a new one before anything is sent; a request is never resent once any
/// byte of it went out (it may not be idempotent). Thread-safe.
///
/// Failures are Errc::transient (connect refused, timeout, malformed response, body too large)
/// or Errc::invalid_argument (see check_upstream_request); messages name the host and port,
/// never a header value or the target's query.
class UpstreamClient {
 public:
  using Done = std::function<void(Result<UpstreamResponse>)>;

  explicit UpstreamClient(UpstreamClientOptions options = {});
  /// Fails the requests still queued or in flight (their `done` is called) and waits for that,
  /// then joins its own threads, if it has any. Call it from outside `done`.
  ~UpstreamClient();
  UpstreamClient(const UpstreamClient&) = delete;
  UpstreamClient& operator=(const UpstreamClient&) = delete;

  /// Returns at once; `done` is called exactly once, on one of the client's threads.
  void send(UpstreamRequest request, Done done);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace freshauth::server
