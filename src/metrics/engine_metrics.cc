#include "freshauth/metrics/engine_metrics.h"

#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>

#include "freshauth/core/session_observer.h"
#include "metrics/instrumented_authenticator.h"

namespace freshauth::metrics {

struct EngineMetrics::Shared {
  explicit Shared(std::vector<double> latency_buckets)
      : refreshes(registry.counter("freshauth_refreshes_total",
                                   "Refreshes the engine finished, by outcome (ok, transient "
                                   "failure kept the session, fatal failure ended it).",
                                   {"engine", "outcome"})),
        refresh_seconds(registry.histogram("freshauth_refresh_duration_seconds",
                                           "Time the authenticator took per refresh call, on the "
                                           "engine's clock, whatever the outcome.",
                                           {"engine"}, std::move(latency_buckets))),
        sign_ins(registry.counter("freshauth_sign_ins_total",
                                  "Sign-in and MFA answers from the authenticator, by outcome.",
                                  {"engine", "outcome"})),
        session_ends(registry.counter("freshauth_session_ends_total",
                                      "Sessions that ended: expired (refresh token rejected, "
                                      "401, ended elsewhere) or signed_out (revocation asked).",
                                      {"engine", "reason"})),
        store_failures(registry.counter("freshauth_store_failures_total",
                                        "Sessions that could not be persisted or locked.",
                                        {"engine"})) {
    registry.add_collector([this] { return gauges(); });
  }

  std::vector<MetricFamily> gauges() const {
    MetricFamily signed_in{"freshauth_sessions_signed_in",
                           "1 while the engine holds a session, else 0.",
                           MetricType::gauge,
                           {}};
    MetricFamily expires_in{"freshauth_session_expires_in_seconds",
                            "Seconds until the current access token expires, on the engine's "
                            "clock (negative once past); absent when not signed in.",
                            MetricType::gauge,
                            {}};
    const std::lock_guard lock(mutex);
    for (const auto& [label, engine] : engines) {
      const auto session = engine->current();
      signed_in.samples.push_back({"", {{"engine", label}}, session ? 1.0 : 0.0});
      if (session) {
        const std::chrono::duration<double> left = session->expires_at - engine->clock().now();
        expires_in.samples.push_back({"", {{"engine", label}}, left.count()});
      }
    }
    return {std::move(signed_in), std::move(expires_in)};
  }

  Registry registry;
  Family<Counter>& refreshes;
  Family<Histogram>& refresh_seconds;
  Family<Counter>& sign_ins;
  Family<Counter>& session_ends;
  Family<Counter>& store_failures;
  mutable std::mutex mutex;
  std::map<std::string, const SessionEngine*> engines;  // attached, by label
};

namespace {

class MetricsObserver final : public SessionObserver {
 public:
  MetricsObserver(std::shared_ptr<const void> owner, Counter& ok, Counter& transient,
                  Counter& fatal, Counter& expired, Counter& store_failed)
      : owner_(std::move(owner)),
        ok_(ok),
        transient_(transient),
        fatal_(fatal),
        expired_(expired),
        store_failed_(store_failed) {}

  void on_refreshed(const Session&) override { ok_.inc(); }
  void on_refresh_failed(FailureClass failure, const Error&) override {
    (failure == FailureClass::fatal ? fatal_ : transient_).inc();
  }
  void on_session_expired(const Error&) override { expired_.inc(); }
  void on_store_failed(const Error&) override { store_failed_.inc(); }

 private:
  std::shared_ptr<const void> owner_;  // keeps the counters alive as long as the engine
  Counter& ok_;
  Counter& transient_;
  Counter& fatal_;
  Counter& expired_;
  Counter& store_failed_;
};

}  // namespace

struct EngineMetrics::Attachment::State {
  std::shared_ptr<EngineMetrics::Shared> shared;
  std::string label;
};

EngineMetrics::Attachment::Attachment(std::unique_ptr<State> state) : state_(std::move(state)) {}
EngineMetrics::Attachment::Attachment(Attachment&&) noexcept = default;
EngineMetrics::Attachment& EngineMetrics::Attachment::operator=(Attachment&& other) noexcept {
  if (this != &other) {
    Attachment dropped{std::move(*this)};
    state_ = std::move(other.state_);
  }
  return *this;
}
EngineMetrics::Attachment::~Attachment() {
  if (!state_) return;
  const std::lock_guard lock(state_->shared->mutex);
  state_->shared->engines.erase(state_->label);
}

EngineMetrics::EngineMetrics(std::vector<double> latency_buckets)
    : shared_(std::make_shared<Shared>(std::move(latency_buckets))) {}
EngineMetrics::~EngineMetrics() = default;

std::shared_ptr<Authenticator> EngineMetrics::instrument(const std::string& engine,
                                                         std::shared_ptr<Authenticator> inner,
                                                         std::shared_ptr<const Clock> clock) {
  Shared& s = *shared_;
  AuthenticatorMetrics counted{s.refresh_seconds.with({engine}),
                               s.sign_ins.with({engine, "ok"}),
                               s.sign_ins.with({engine, "challenged"}),
                               s.sign_ins.with({engine, "failed"}),
                               s.session_ends.with({engine, "signed_out"}),
                               shared_};
  return std::make_shared<InstrumentedAuthenticator>(std::move(inner), std::move(clock),
                                                     std::move(counted));
}

EngineMetrics::Attachment EngineMetrics::attach(const std::string& label, SessionEngine& engine) {
  Shared& s = *shared_;
  {
    const std::lock_guard lock(s.mutex);
    if (!s.engines.emplace(label, &engine).second) {
      throw std::invalid_argument("EngineMetrics: engine label attached twice: " + label);
    }
  }
  // Every outcome shows from the start, at 0, so rate() sees the first increment.
  engine.add_observer(std::make_shared<MetricsObserver>(
      shared_, s.refreshes.with({label, "ok"}), s.refreshes.with({label, "transient"}),
      s.refreshes.with({label, "fatal"}), s.session_ends.with({label, "expired"}),
      s.store_failures.with({label})));
  return Attachment{std::make_unique<Attachment::State>(Attachment::State{shared_, label})};
}

Registry& EngineMetrics::registry() { return shared_->registry; }

Exposition EngineMetrics::render() const { return shared_->registry.expose(); }

}  // namespace freshauth::metrics
