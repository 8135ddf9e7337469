#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "freshauth/core/error.h"
#include "freshauth/server/io_threads.h"
#include "freshauth/server/router.h"

namespace freshauth::server {

struct AccessLogEntry {
  std::string remote_address;  ///< the peer's IP address, or "unix" on a Unix socket
  std::string method;
  std::string path;  ///< never the query: it may carry codes or tokens
  int status = 0;
  std::chrono::microseconds duration{};
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0: the system picks a free port; see HttpServer::port()
  /// Non-empty: listen on a Unix domain socket at this path instead of host:port. The file is
  /// created 0600 (only this user may connect) and removed by stop(). A socket file left by a
  /// process that died is replaced; a socket another server accepts on, or a path that is not a
  /// socket, fails listen() and is left alone.
  std::string unix_socket;
  int threads = 2;
  std::size_t body_limit = std::size_t{64} * 1024;  ///< larger bodies get 413
  std::size_t header_limit = std::size_t{16} * 1024;
  std::chrono::milliseconds header_timeout{10'000};  ///< request line and headers
  std::chrono::milliseconds body_timeout{10'000};    ///< the body, once headers are in
  std::chrono::milliseconds idle_timeout{30'000};    ///< between keep-alive requests
  std::chrono::milliseconds stop_grace{2'000};       ///< in-flight requests finish within this
  /// An asynchronous handler that has not answered by then gets a 504 {"error":"timeout"} sent
  /// for it (its late answer is ignored).
  std::chrono::milliseconds response_timeout{60'000};
  /// More Prometheus text for /metrics, after the server's own (an application's families).
  std::function<std::string()> extra_metrics;
  std::function<void(const AccessLogEntry&)> access_log;  ///< optional
  /// Threads to serve on instead of `threads` of its own, shared with an UpstreamClient so that
  /// a proxied request never changes thread (see IoThreads). They must outlive the server.
  std::shared_ptr<IoThreads> io;
};

/// Counters for /metrics. Read any time; updated with relaxed atomics.
struct ServerStats {
  std::uint64_t requests = 0;
  std::uint64_t responses_2xx = 0;
  std::uint64_t responses_4xx = 0;
  std::uint64_t responses_5xx = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t connections_total = 0;
};

/// An async HTTP/1.1 server: keep-alive, size limits, timeouts, N worker threads, graceful stop.
/// Handlers run on the worker threads and must be thread-safe; an asynchronous handler
/// (Router::add_async, add_prefix) holds a connection while it waits, never a worker thread.
/// /healthz and /metrics are built in.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Router router);
  ~HttpServer();  ///< stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens, so port() is known, without serving yet.
  Result<void> listen();
  /// Listens (unless listen() was called) and starts the workers; returns at once.
  Result<void> start();
  std::uint16_t port() const;  ///< 0 on a Unix socket
  /// Stops accepting, closes idle connections, lets in-flight requests finish within stop_grace;
  /// removes a Unix socket's file.
  void stop();
  ServerStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

/// Prometheus text format for the counters.
std::string render_metrics(const ServerStats& stats);

}  // namespace freshauth::server
