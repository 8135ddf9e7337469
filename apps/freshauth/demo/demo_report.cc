#include "demo/demo_report.h"

#include <fmt/format.h>

#include <cmath>

#include "demo/demo_server.h"

namespace freshauth::cli {
namespace {

double millis(std::chrono::microseconds value) { return static_cast<double>(value.count()) / 1000; }

// Three significant digits are all a latency histogram knows.
double rounded(double ms) { return std::round(ms * 1000) / 1000; }

nlohmann::ordered_json latency_json(const LatencySummary& latency) {
  return {{"requests", latency.requests},
          {"p50", rounded(millis(latency.p50))},
          {"p99", rounded(millis(latency.p99))},
          {"max", rounded(millis(latency.max))}};
}

std::string one_decimal(double value) {
  if (!std::isfinite(value)) return "-";
  const auto whole = static_cast<std::uint64_t>(std::floor(value));
  const auto tenth = static_cast<int>(std::lround((value - std::floor(value)) * 10));
  return tenth == 10 ? with_commas(whole + 1) + ".0"
                     : with_commas(whole) + "." + std::to_string(tenth);
}

}  // namespace

LatencySummary LatencySummary::of(const LatencyHistogram& histogram) {
  return {histogram.count(), histogram.percentile(50), histogram.percentile(99), histogram.max()};
}

double RunSummary::lifetimes_elapsed() const {
  if (token_lifetime.count() <= 0) return 0;
  return elapsed_seconds / static_cast<double>(token_lifetime.count());
}

std::string format_millis(std::chrono::microseconds value, std::uint64_t samples) {
  if (samples == 0) return "-";
  const double ms = millis(value);
  if (ms < 10) return fmt::format("{:.2f} ms", ms);
  if (ms < 100) return fmt::format("{:.1f} ms", ms);
  return fmt::format("{} ms", with_commas(static_cast<std::uint64_t>(std::lround(ms))));
}

std::string progress_status(const LiveCounts& counts) {
  const std::string expiry = counts.expires_in_seconds >= 0
                                 ? fmt::format("expires in {:.0f}s", counts.expires_in_seconds)
                                 : std::string{"EXPIRED"};
  const std::string failed_refreshes =
      counts.failed_refresh_calls > 0 ? fmt::format(" ({} failed)", counts.failed_refresh_calls)
                                      : std::string{};
  return fmt::format("{} {:.0f}/{:.0f}s  ok {}  failed {}  refreshes {}{}  gen {}  {}",
                     counts.engine, counts.elapsed_seconds, counts.duration_seconds,
                     with_commas(counts.ok), with_commas(counts.failed),
                     with_commas(counts.refresh_calls), failed_refreshes, counts.generation,
                     expiry);
}

nlohmann::ordered_json to_json(const RunSummary& run) {
  const double lifetimes = run.lifetimes_elapsed();
  return {
      {"engine", run.engine},
      {"policy",
       {{"max_threshold_fraction", run.policy.max_threshold_fraction},
        {"serve_current_in_soft_window", run.policy.serve_current_in_soft_window},
        {"trust_token_claims", run.policy.trust_token_claims}}},
      {"interrupted", run.interrupted},
      {"elapsed_seconds", std::round(run.elapsed_seconds * 10) / 10},
      {"requests_ok", run.requests_ok},
      {"requests_failed", run.requests_failed()},
      {"failures",
       {{"rejected_401", run.rejected_401},
        {"signed_out", run.signed_out},
        {"other", run.other_failures}}},
      {"forced_sign_ins", run.forced_sign_ins},
      {"refresh_calls", run.refresh_calls},
      {"failed_refresh_calls", run.failed_refresh_calls},
      {"token_lifetimes_elapsed", std::round(lifetimes * 100) / 100},
      {"refresh_calls_per_lifetime",
       lifetimes > 0 ? std::round(static_cast<double>(run.refresh_calls) / lifetimes * 100) / 100
                     : 0.0},
      {"final_generation", run.final_generation},
      {"latency_ms",
       {{"all", latency_json(run.all)}, {"refresh_window", latency_json(run.refresh_window)}}}};
}

nlohmann::ordered_json to_json(const DemoOptions& options, const std::vector<RunSummary>& runs) {
  nlohmann::ordered_json settings = {
      {"threads", options.threads},
      {"duration_seconds", options.duration.count()},
      {"token_lifetime_seconds", options.token_lifetime.count()},
      {"interval_ms", options.interval.count()},
      {"faults", options.faults ? nlohmann::ordered_json(demo_fault_rule().path + " " +
                                                         demo_fault_rule().spec.describe())
                                : nlohmann::ordered_json(nullptr)},
      {"expires_in_overstatement_seconds", options.expires_in_overstatement.count()},
      {"seed",
       options.seed ? nlohmann::ordered_json(*options.seed) : nlohmann::ordered_json(nullptr)}};
  nlohmann::ordered_json all_runs = nlohmann::ordered_json::array();
  for (const auto& run : runs) all_runs.push_back(to_json(run));
  return {{"settings", settings}, {"runs", all_runs}};
}

std::string format_table(const std::vector<RunSummary>& runs) {
  std::string out = fmt::format("  {:<40}", "");
  for (const auto& run : runs) out += fmt::format("{:>14}", run.engine);
  out += "\n";
  const auto row = [&](const std::string& label, auto value_of) {
    out += fmt::format("  {:<40}", label);
    for (const auto& run : runs) out += fmt::format("{:>14}", value_of(run));
    out += "\n";
  };
  using R = const RunSummary&;
  row("requests ok", [](R r) { return with_commas(r.requests_ok); });
  row("requests failed", [](R r) { return with_commas(r.requests_failed()); });
  row("  rejected with 401 (token had expired)", [](R r) { return with_commas(r.rejected_401); });
  row("  sent while signed out", [](R r) { return with_commas(r.signed_out); });
  row("  other", [](R r) { return with_commas(r.other_failures); });
  row("forced sign-ins (user logged out)", [](R r) { return with_commas(r.forced_sign_ins); });
  row("refresh calls to the server", [](R r) { return with_commas(r.refresh_calls); });
  row("  of which failed (transient)", [](R r) { return with_commas(r.failed_refresh_calls); });
  row("token lifetimes elapsed", [](R r) { return one_decimal(r.lifetimes_elapsed()); });
  row("refresh calls per token lifetime", [](R r) {
    const double lifetimes = r.lifetimes_elapsed();
    return lifetimes > 0 ? one_decimal(static_cast<double>(r.refresh_calls) / lifetimes)
                         : std::string{"-"};
  });
  row("latency p50, all requests", [](R r) { return format_millis(r.all.p50, r.all.requests); });
  row("latency p99, all requests", [](R r) { return format_millis(r.all.p99, r.all.requests); });
  row("ok requests in refresh windows", [](R r) { return with_commas(r.refresh_window.requests); });
  row("latency p50, in refresh windows",
      [](R r) { return format_millis(r.refresh_window.p50, r.refresh_window.requests); });
  row("latency p99, in refresh windows",
      [](R r) { return format_millis(r.refresh_window.p99, r.refresh_window.requests); });
  return out;
}

}  // namespace freshauth::cli
