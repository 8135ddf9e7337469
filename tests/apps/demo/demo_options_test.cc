#include "demo/demo_options.h"

#include <gtest/gtest.h>

namespace freshauth::cli {
namespace {

using namespace std::chrono_literals;

DemoOptions real(const DemoCommandLine& line) {
  auto resolved = resolve_demo_options(line);
  EXPECT_TRUE(resolved.ok()) << resolved.error().message;
  if (!resolved.ok()) return {};
  EXPECT_TRUE(std::holds_alternative<DemoOptions>(*resolved));
  return std::get<DemoOptions>(*resolved);
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

TEST(DemoOptions, SimulatedKeepsItsOwnDefaults) {
  DemoCommandLine line;
  line.simulated = true;
  auto resolved = resolve_demo_options(line);
  ASSERT_TRUE(resolved.ok());
  const auto& options = std::get<SimulatedDemoOptions>(*resolved);
  EXPECT_EQ(options.threads, 1000);
  EXPECT_EQ(options.token_lifetime_seconds, 60);
  EXPECT_EQ(options.lifetimes, 5);

  line.threads = 100;
  line.lifetimes = 3;
  line.speed = 120;
  line.failure_rate = 0.5;
  line.token_lifetime = 2;  // allowed in simulated time
  resolved = resolve_demo_options(line);
  ASSERT_TRUE(resolved.ok()) << resolved.error().message;
  const auto& given = std::get<SimulatedDemoOptions>(*resolved);
  EXPECT_EQ(given.threads, 100);
  EXPECT_EQ(given.lifetimes, 3);
  EXPECT_DOUBLE_EQ(given.speed, 120);
  EXPECT_DOUBLE_EQ(given.transient_failure_rate, 0.5);
  EXPECT_EQ(given.token_lifetime_seconds, 2);
}

TEST(DemoOptions, OptionsOfTheOtherModeAreRefused) {
  DemoCommandLine line;
  line.simulated = true;
  line.faults = true;
  EXPECT_NE(refusal(line).find("--faults"), std::string::npos);
  line.faults = false;
  line.compare = true;
  EXPECT_NE(refusal(line).find("--compare"), std::string::npos);
  line.compare = false;
  line.duration = 10;
  EXPECT_NE(refusal(line).find("--duration"), std::string::npos);

  line = {};
  line.lifetimes = 3;
  EXPECT_NE(refusal(line).find("--simulated"), std::string::npos);
  line = {};
  line.failure_rate = 0.1;
  EXPECT_NE(refusal(line).find("--simulated"), std::string::npos);
  line = {};
  line.speed = 10;
  EXPECT_NE(refusal(line).find("--simulated"), std::string::npos);
}

TEST(DemoOptions, SimulatedRangesStillApply) {
  DemoCommandLine line;
  line.simulated = true;
  line.threads = 0;
  EXPECT_NE(refusal(line).find("--threads"), std::string::npos);
  line.threads = 5000;  // more than the real demo allows, fine in simulation
  EXPECT_TRUE(resolve_demo_options(line).ok());
  line.failure_rate = 1.5;
  EXPECT_NE(refusal(line).find("--failure-rate"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::cli
