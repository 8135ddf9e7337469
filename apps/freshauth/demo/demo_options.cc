#include "demo/demo_options.h"

#include <fmt/format.h>

#include <string>

namespace freshauth::cli {
namespace {

Error usage(std::string message) { return {Errc::invalid_argument, std::move(message), {}}; }

template <class T>
std::optional<Error> out_of_range(const char* option, const std::optional<T>& value, T low, T high,
                                  const char* why = "") {
  if (!value || (*value >= low && *value <= high)) return std::nullopt;
  return usage(fmt::format("{} must be in {}..{}{}", option, low, high, why));
}

std::optional<Error> first_mode_conflict(const DemoCommandLine& line) {
  if (line.simulated) {
    if (line.duration)
      return usage("--duration is for the real demo; --simulated uses --lifetimes");
    if (line.interval_ms) return usage("--interval is for the real demo, not --simulated");
    if (line.faults) return usage("--faults is for the real demo; --simulated uses --failure-rate");
    if (line.overstate_expires_in)
      return usage("--overstate-expires-in is for the real demo, not --simulated");
    if (line.compare) return usage("--compare is for the real demo, not --simulated");
    return std::nullopt;
  }
  if (line.lifetimes) return usage("--lifetimes needs --simulated; the real demo uses --duration");
  if (line.failure_rate)
    return usage("--failure-rate needs --simulated; the real demo uses --faults");
  if (line.speed) return usage("--speed needs --simulated (the real demo runs in real time)");
  return std::nullopt;
}

Result<ResolvedDemo> resolve_simulated(const DemoCommandLine& line) {
  for (const auto& error : {out_of_range("--threads", line.threads, 1, 10000),
                            out_of_range("--lifetimes", line.lifetimes, 1, 1000),
                            out_of_range("--token-lifetime", line.token_lifetime, 2, 86400),
                            out_of_range("--failure-rate", line.failure_rate, 0.0, 1.0),
                            out_of_range("--speed", line.speed, 1.0, 100000.0)}) {
    if (error) return *error;
  }
  SimulatedDemoOptions options;
  options.threads = line.threads.value_or(options.threads);
  options.lifetimes = line.lifetimes.value_or(options.lifetimes);
  options.token_lifetime_seconds = line.token_lifetime.value_or(options.token_lifetime_seconds);
  options.transient_failure_rate = line.failure_rate.value_or(options.transient_failure_rate);
  options.speed = line.speed.value_or(options.speed);
  options.seed = line.seed.value_or(options.seed);
  options.json = line.json;
  return ResolvedDemo{options};
}

Result<ResolvedDemo> resolve_real(const DemoCommandLine& line) {
  for (const auto& error : {
           out_of_range("--threads", line.threads, 1, 1024),
           out_of_range("--duration", line.duration, 1, 86400, " seconds"),
           out_of_range("--token-lifetime", line.token_lifetime, 3, 86400,
                        " seconds (tokens carry whole seconds, so a shorter one can expire "
                        "before it is half used)"),
           out_of_range("--interval", line.interval_ms, 0, 60000, " milliseconds"),
           out_of_range("--overstate-expires-in", line.overstate_expires_in, 0, 315360000,
                        " seconds"),
       }) {
    if (error) return *error;
  }
  DemoOptions options;
  options.threads = line.threads.value_or(options.threads);
  if (line.duration) options.duration = std::chrono::seconds{*line.duration};
  if (line.token_lifetime) options.token_lifetime = std::chrono::seconds{*line.token_lifetime};
  if (line.interval_ms) options.interval = std::chrono::milliseconds{*line.interval_ms};
  options.faults = line.faults;
  if (line.overstate_expires_in) {
    options.expires_in_overstatement = std::chrono::seconds{*line.overstate_expires_in};
  } else if (line.faults) {
    options.expires_in_overstatement = kFaultsOverstatement;
  }
  options.compare = line.compare;
  options.json = line.json;
  options.seed = line.seed;
  return ResolvedDemo{options};
}

}  // namespace

Result<ResolvedDemo> resolve_demo_options(const DemoCommandLine& line) {
  if (auto conflict = first_mode_conflict(line)) return *conflict;
  return line.simulated ? resolve_simulated(line) : resolve_real(line);
}

}  // namespace freshauth::cli
