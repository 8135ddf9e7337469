#include "gateway/gateway_metrics.h"

#include "freshauth/metrics/integer_label.h"

namespace freshauth::gateway {
namespace {

class TableObserver : public SessionObserver {
 public:
  TableObserver(metrics::Family<metrics::Counter>& refreshes,
                metrics::Family<metrics::Counter>& ends)
      : refreshes_(refreshes), ends_(ends) {}
  void on_refreshed(const Session& /*session*/) override { refreshes_.with({"ok"}).inc(); }
  void on_refresh_failed(FailureClass failure, const Error& /*error*/) override {
    refreshes_.with({failure == FailureClass::fatal ? "fatal" : "transient"}).inc();
  }
  void on_session_expired(const Error& /*reason*/) override { ends_.with({"expired"}).inc(); }

 private:
  metrics::Family<metrics::Counter>& refreshes_;
  metrics::Family<metrics::Counter>& ends_;
};

}  // namespace

GatewayMetrics::GatewayMetrics()
    : refreshes_(engine_.registry().counter("freshauth_gateway_refreshes_total",
                                            "Session refreshes by outcome", {"outcome"})),
      upstream_latency_(engine_.registry().histogram(
          "freshauth_gateway_upstream_duration_seconds",
          "Time from sending a request upstream to its whole answer", {"route"})),
      responses_(engine_.registry().counter("freshauth_gateway_responses_total",
                                            "Answers to proxied requests by route and status",
                                            {"route", "status"})),
      session_ends_(engine_.registry().counter("freshauth_gateway_session_ends_total",
                                               "Sessions ended, by reason", {"reason"})) {}

std::shared_ptr<Authenticator> GatewayMetrics::instrument(std::shared_ptr<Authenticator> inner,
                                                          std::shared_ptr<const Clock> clock) {
  return engine_.instrument("gateway", std::move(inner), std::move(clock));
}

std::shared_ptr<SessionObserver> GatewayMetrics::table_observer() {
  return std::make_shared<TableObserver>(refreshes_, session_ends_);
}

void GatewayMetrics::watch(const SessionTable& table) {
  engine_.registry().add_collector([&table] {
    metrics::MetricFamily sessions{
        "freshauth_gateway_sessions", "Sessions held", metrics::MetricType::gauge, {}};
    sessions.samples.push_back({"", {}, static_cast<double>(table.size())});
    return std::vector<metrics::MetricFamily>{std::move(sessions)};
  });
}

void GatewayMetrics::upstream_answered(const std::string& route, int /*status*/,
                                       std::chrono::microseconds took) {
  upstream_latency_.with({route}).observe(static_cast<double>(took.count()) / 1e6);
}

void GatewayMetrics::responded(const std::string& route, int status) {
  responses_.with({route, metrics::IntegerLabel{status}.view()}).inc();
}

void GatewayMetrics::session_ended(const std::string& reason) {
  session_ends_.with({reason}).inc();
}

std::string GatewayMetrics::render() const { return engine_.render().body; }

}  // namespace freshauth::gateway
