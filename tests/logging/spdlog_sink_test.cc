#include "freshauth/logging/spdlog_sink.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace freshauth {
namespace {

TEST(SpdlogSink, MapsLevelsOntoSpdlog) {
  std::ostringstream out;
  auto logger = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_st>(out));
  logger->set_pattern("%l %v");
  logger->set_level(spdlog::level::debug);
  const LogSink sink = spdlog_sink(logger);
  sink(LogLevel::debug, "d");
  sink(LogLevel::info, "session refreshed: generation 2");
  sink(LogLevel::warning, "w");
  sink(LogLevel::error, "e");
  EXPECT_EQ(out.str(), "debug d\ninfo session refreshed: generation 2\nwarning w\nerror e\n");
}

}  // namespace
}  // namespace freshauth
