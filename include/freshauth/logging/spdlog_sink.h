#pragma once

#include <memory>

#include "freshauth/core/log_sink.h"

namespace spdlog {
class logger;
}

namespace freshauth {

/// A LogSink writing to `logger` (debug, info, warn, err). Its library, freshauth_logging_spdlog,
/// is the only one that links spdlog; it is in-tree only (not installed) until the package's
/// config and pkg-config file name spdlog as a dependency.
LogSink spdlog_sink(std::shared_ptr<spdlog::logger> logger);

}  // namespace freshauth
