#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <memory>
#include <shared_mutex>

#include "freshauth/server/http_server.h"
#include "server/connection_counters.h"
#include "server/route_metrics.h"

// One connection of an HttpServer, on a TCP or a Unix socket: it reads each request within the
// server's limits (header and body sizes; header, body and idle timeouts), answers the built-in
// routes (/healthz, /metrics), hands the others to the router under the response timeout, and
// writes the answers, keeping the connection alive between them. Beast stays in its .cc.
namespace freshauth::server {

// Whether answers may still reach the connections. A Responder may be called from any thread at
// any time, even while the server is destroyed: it holds this shared, so the server's stop() (which
// clears it exclusively once the workers are gone) never destroys the I/O context under it.
struct Serving {
  std::shared_mutex mutex;
  bool on = true;
};

// What every connection of one server shares with the server.
struct ServerShared {
  const HttpServerOptions& options;
  const Router& router;
  ConnectionCounters& counters;
  RouteMetrics& route_metrics;
  std::shared_ptr<Serving> serving;
};

// What the server asks of every connection, whatever its socket.
class HttpConnection {
 public:
  virtual ~HttpConnection() = default;
  // Starts reading requests; the connection keeps itself alive until it closes.
  virtual void start() = 0;
  // Idle, it closes now; with a request in progress, once that is answered.
  virtual void request_stop() = 0;
  // Closes now, whatever it was doing (the end of stop()'s grace period).
  virtual void force_close() = 0;
};

std::shared_ptr<HttpConnection> make_http_connection(boost::asio::ip::tcp::socket socket,
                                                     const ServerShared& shared);
std::shared_ptr<HttpConnection> make_http_connection(
    boost::asio::local::stream_protocol::socket socket, const ServerShared& shared);

}  // namespace freshauth::server
