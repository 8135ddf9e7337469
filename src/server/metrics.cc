#include "freshauth/metrics/prometheus_text.h"
#include "server/connection_counters.h"

namespace freshauth::server {

void ConnectionCounters::answered(int status) {
  requests_.fetch_add(1, std::memory_order_relaxed);
  if (status >= 200 && status < 300) ok_.fetch_add(1, std::memory_order_relaxed);
  if (status >= 400 && status < 500) client_errors_.fetch_add(1, std::memory_order_relaxed);
  if (status >= 500) server_errors_.fetch_add(1, std::memory_order_relaxed);
}

ServerStats ConnectionCounters::snapshot() const {
  return {requests_.load(std::memory_order_relaxed),
          ok_.load(std::memory_order_relaxed),
          client_errors_.load(std::memory_order_relaxed),
          server_errors_.load(std::memory_order_relaxed),
          open_.load(std::memory_order_relaxed),
          total_.load(std::memory_order_relaxed)};
}

std::string render_metrics(const ServerStats& stats) {
  using metrics::MetricType;
  auto value = [](std::uint64_t n) { return static_cast<double>(n); };
  return metrics::render_prometheus_text({
      {"freshauth_http_responses_total",
       "Answered requests by status class.",
       MetricType::counter,
       {{"", {{"class", "2xx"}}, value(stats.responses_2xx)},
        {"", {{"class", "4xx"}}, value(stats.responses_4xx)},
        {"", {{"class", "5xx"}}, value(stats.responses_5xx)}}},
      {"freshauth_http_connections_open",
       "Connections open now.",
       MetricType::gauge,
       {{"", {}, value(stats.connections_open)}}},
      {"freshauth_http_connections_total",
       "Connections accepted.",
       MetricType::counter,
       {{"", {}, value(stats.connections_total)}}},
  });
}

}  // namespace freshauth::server
