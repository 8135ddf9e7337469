#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/session_observer.h"
#include "freshauth/core/session_table.h"
#include "freshauth/metrics/engine_metrics.h"
#include "freshauth/metrics/registry.h"

// The gateway's /metrics, besides the server's own per-route ones:
//   freshauth_gateway_sessions                                 (at scrape time)
//   freshauth_gateway_refreshes_total{outcome="ok|transient|fatal"}
//   freshauth_refresh_duration_seconds{engine="gateway"}       (every refresh call, timed)
//   freshauth_gateway_upstream_duration_seconds{route}
//   freshauth_gateway_responses_total{route,status}
//   freshauth_gateway_session_ends_total{reason="expired|rejected_by_upstream|signed_out"}
namespace freshauth::gateway {

class GatewayMetrics {
 public:
  GatewayMetrics();

  // The provider's authenticator, timed and counted under engine="gateway".
  std::shared_ptr<Authenticator> instrument(std::shared_ptr<Authenticator> inner,
                                            std::shared_ptr<const Clock> clock);
  // Observes the table's refreshes and ends; add it to SessionTableOptions::observers.
  std::shared_ptr<SessionObserver> table_observer();
  // Reads the table's size at each scrape. Call once the table exists; it must outlive scrapes.
  void watch(const SessionTable& table);

  void upstream_answered(const std::string& route, int status, std::chrono::microseconds took);
  void responded(const std::string& route, int status);
  void session_ended(const std::string& reason);

  std::string render() const;

 private:
  metrics::EngineMetrics engine_;
  metrics::Family<metrics::Counter>& refreshes_;
  metrics::Family<metrics::Histogram>& upstream_latency_;
  metrics::Family<metrics::Counter>& responses_;
  metrics::Family<metrics::Counter>& session_ends_;
};

}  // namespace freshauth::gateway
