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

}  // namespace

Result<DemoOptions> resolve_demo_options(const DemoCommandLine& line) {
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
  return options;
}

}  // namespace freshauth::cli
