#include "freshauth/logging/spdlog_sink.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace freshauth {

LogSink spdlog_sink(std::shared_ptr<spdlog::logger> logger) {
  return [logger = std::move(logger)](LogLevel level, std::string_view line) {
    switch (level) {
      case LogLevel::debug:
        return logger->debug("{}", line);
      case LogLevel::info:
        return logger->info("{}", line);
      case LogLevel::warning:
        return logger->warn("{}", line);
      case LogLevel::error:
        return logger->error("{}", line);
    }
  };
}

}  // namespace freshauth
