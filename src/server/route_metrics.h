#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "freshauth/metrics/registry.h"
#include "freshauth/server/http_server.h"
#include "freshauth/server/router.h"

namespace freshauth::server {

// Requests by route, method and status, and a latency histogram per route, for /metrics.
// Labels come from a closed set so that no client can grow the series without bound: the route
// is the router's pattern (or "unmatched"), the method one of the standard ones (or "other").
class RouteMetrics {
 public:
  RouteMetrics();

  // The route label for `path`: a served path, a built-in one, a served prefix followed by "*",
  // or "unmatched".
  // A view of the router's text or of a constant: valid as long as the router.
  static std::string_view route_label(const Router& router, std::string_view path);
  static std::string_view method_label(std::string_view method);

  // status 0: the connection was dropped without an answer.
  void record(std::string_view route, std::string_view method, int status);
  void observe_latency(std::string_view route, std::chrono::steady_clock::duration took);
  // Route metrics, then the connection and status-class counters of `stats`.
  std::string render(const ServerStats& stats) const;

 private:
  metrics::Registry registry_;
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& latency_;
};

}  // namespace freshauth::server
