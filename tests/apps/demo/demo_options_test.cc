#include "demo/demo_options.h"

#include <gtest/gtest.h>

namespace freshauth::cli {
namespace {

using namespace std::chrono_literals;

DemoOptions real(const DemoCommandLine& line) {
  auto resolved = resolve_demo_options(line);
  EXPECT_TRUE(resolved.ok()) << resolved.error().message;
  if (!resolved.ok()) return {};
  return *resolved;
}

std::string refusal(const DemoCommandLine& line) {
  auto resolved = resolve_demo_options(line);
  EXPECT_FALSE(resolved.ok());
  if (resolved.ok()) return {};
  EXPECT_EQ(resolved.error().code, Errc::invalid_argument);
  return resolved.error().message;
}

TEST(DemoOptions, RealDemoDefaults) {
  const DemoOptions options = real({});
  EXPECT_EQ(options.threads, 64);
  EXPECT_EQ(options.duration, 90s);
  EXPECT_EQ(options.token_lifetime, 20s);
  EXPECT_EQ(options.interval, 20ms);
  EXPECT_FALSE(options.faults);
  EXPECT_EQ(options.expires_in_overstatement, 0s);
  EXPECT_FALSE(options.compare);
  EXPECT_FALSE(options.seed);
}

TEST(DemoOptions, FaultsMakeTheServerLieUnlessToldOtherwise) {
  DemoCommandLine line;
  line.faults = true;
  EXPECT_EQ(real(line).expires_in_overstatement, kFaultsOverstatement);
  line.overstate_expires_in = 0;
  EXPECT_EQ(real(line).expires_in_overstatement, 0s);
  line.faults = false;
  line.overstate_expires_in = 120;
  EXPECT_EQ(real(line).expires_in_overstatement, 120s);
}

TEST(DemoOptions, SettingsAreTakenAsGiven) {
  DemoCommandLine line;
  line.threads = 8;
  line.duration = 8;
  line.token_lifetime = 3;
  line.interval_ms = 0;
  line.compare = true;
  line.json = true;
  line.seed = 42;
  const DemoOptions options = real(line);
  EXPECT_EQ(options.threads, 8);
  EXPECT_EQ(options.duration, 8s);
  EXPECT_EQ(options.token_lifetime, 3s);
  EXPECT_EQ(options.interval, 0ms);
  EXPECT_TRUE(options.compare);
  EXPECT_TRUE(options.json);
  EXPECT_EQ(options.seed, 42u);
}

TEST(DemoOptions, RangesNameTheOption) {
  DemoCommandLine line;
  line.threads = 0;
  EXPECT_NE(refusal(line).find("--threads must be in 1..1024"), std::string::npos);
  line = {};
  line.token_lifetime = 2;
  EXPECT_NE(refusal(line).find("--token-lifetime must be in 3.."), std::string::npos);
  line = {};
  line.duration = 0;
  EXPECT_NE(refusal(line).find("--duration"), std::string::npos);
  line = {};
  line.interval_ms = -1;
  EXPECT_NE(refusal(line).find("--interval"), std::string::npos);
  line = {};
  line.overstate_expires_in = -5;
  EXPECT_NE(refusal(line).find("--overstate-expires-in"), std::string::npos);
}

// The simulation's options (--lifetimes, --failure-rate, --speed; its own ranges) are
// bench/demo/simulated_demo's: bench/demo/CMakeLists.txt runs it with good and bad ones.

}  // namespace
}  // namespace freshauth::cli
