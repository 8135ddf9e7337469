#include "server/route_metrics.h"

#include <array>

#include "freshauth/metrics/integer_label.h"

namespace freshauth::server {

RouteMetrics::RouteMetrics()
    : requests_(registry_.counter("freshauth_http_requests_total",
                                  "Answered requests by route pattern (\"unmatched\" for paths no "
                                  "route serves), method and status code (0: dropped).",
                                  {"route", "method", "code"})),
      latency_(registry_.histogram("freshauth_http_request_duration_seconds",
                                   "Time from the parsed request to the finished answer, by "
                                   "route pattern.",
                                   {"route"})) {}

std::string_view RouteMetrics::route_label(const Router& router, std::string_view path) {
  if (path == "/healthz") return "/healthz";
  if (path == "/metrics") return "/metrics";
  return router.pattern_view(path).value_or("unmatched");
}

std::string_view RouteMetrics::method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 9> kKnown{
      "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"};
  for (const auto known : kKnown) {
    if (method == known) return known;
  }
  return "other";
}

void RouteMetrics::record(std::string_view route, std::string_view method, int status) {
  requests_.with({route, method_label(method), metrics::IntegerLabel{status}.view()}).inc();
}

void RouteMetrics::observe_latency(std::string_view route,
                                   std::chrono::steady_clock::duration took) {
  latency_.with({route}).observe(std::chrono::duration<double>(took).count());
}

std::string RouteMetrics::render(const ServerStats& stats) const {
  return metrics::render_prometheus_text(registry_.collect()) + render_metrics(stats);
}

}  // namespace freshauth::server
