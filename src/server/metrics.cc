#include <sstream>

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
  std::ostringstream out;
  out << "# TYPE freshauth_http_requests_total counter\n"
      << "freshauth_http_requests_total " << stats.requests << "\n"
      << "# TYPE freshauth_http_responses_total counter\n"
      << "freshauth_http_responses_total{class=\"2xx\"} " << stats.responses_2xx << "\n"
      << "freshauth_http_responses_total{class=\"4xx\"} " << stats.responses_4xx << "\n"
      << "freshauth_http_responses_total{class=\"5xx\"} " << stats.responses_5xx << "\n"
      << "# TYPE freshauth_http_connections_open gauge\n"
      << "freshauth_http_connections_open " << stats.connections_open << "\n"
      << "# TYPE freshauth_http_connections_total counter\n"
      << "freshauth_http_connections_total " << stats.connections_total << "\n";
  return out.str();
}

}  // namespace freshauth::server
