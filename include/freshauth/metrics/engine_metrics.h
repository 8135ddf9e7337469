#pragma once

#include <memory>
#include <string>
#include <vector>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/session_engine.h"
#include "freshauth/metrics/histogram.h"
#include "freshauth/metrics/prometheus_text.h"
#include "freshauth/metrics/registry.h"

namespace freshauth::metrics {

/// Prometheus metrics for SessionEngines, each under an `engine` label:
///   freshauth_refreshes_total{engine,outcome="ok|transient|fatal"}   (engine's own verdict)
///   freshauth_refresh_duration_seconds{engine}                       (every refresh() call)
///   freshauth_sign_ins_total{engine,outcome="ok|challenged|failed"}  (authenticator answers)
///   freshauth_session_ends_total{engine,reason="expired|signed_out"}
///   freshauth_store_failures_total{engine}
///   freshauth_sessions_signed_in{engine}                             (0 or 1, at scrape time)
///   freshauth_session_expires_in_seconds{engine}                     (signed-in engines only)
///
///   auto clock = std::make_shared<SystemClock>();
///   EngineMetrics metrics;
///   SessionEngine engine(metrics.instrument("orders", authenticator, clock), {.clock = clock});
///   auto attached = metrics.attach("orders", engine);  // destroy before the engine
///   // in an HTTP handler: const Exposition scrape = metrics.render();
class EngineMetrics {
 public:
  /// While it lives, the engine's gauges are read at each render(). Destroy it before the engine.
  class [[nodiscard]] Attachment {
   public:
    Attachment(Attachment&&) noexcept;
    Attachment& operator=(Attachment&&) noexcept;
    ~Attachment();

   private:
    friend class EngineMetrics;
    struct State;
    explicit Attachment(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };

  explicit EngineMetrics(std::vector<double> latency_buckets = default_latency_buckets());
  ~EngineMetrics();
  EngineMetrics(const EngineMetrics&) = delete;
  EngineMetrics& operator=(const EngineMetrics&) = delete;

  /// Wraps the authenticator an engine is built with: times refresh() on `clock` (the engine's
  /// clock; SystemClock when null) and counts sign-ins and revocations (sign-outs).
  std::shared_ptr<Authenticator> instrument(const std::string& engine,
                                            std::shared_ptr<Authenticator> inner,
                                            std::shared_ptr<const Clock> clock = nullptr);
  /// Observes `engine`'s refreshes and expiries and reads its session for the gauges. A label
  /// already attached throws std::invalid_argument.
  Attachment attach(const std::string& label, SessionEngine& engine);

  /// The registry behind these metrics: add your own families to render them together.
  Registry& registry();
  /// The current values as Prometheus text, for any HTTP server to answer a scrape with.
  Exposition render() const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

}  // namespace freshauth::metrics
