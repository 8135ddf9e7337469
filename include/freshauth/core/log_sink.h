#pragma once

#include <functional>
#include <string_view>

namespace freshauth {

/// How much a log line matters; sinks map it onto their own levels.
enum class LogLevel { debug, info, warning, error };

/// Where the library's log lines go: one finished line per call, from any thread (a sink must
/// be thread-safe). Lines never carry a token, a password or a secret, only fingerprints.
using LogSink = std::function<void(LogLevel level, std::string_view line)>;

/// "debug", "info", "warning", "error".
constexpr std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "unknown";
}

}  // namespace freshauth
