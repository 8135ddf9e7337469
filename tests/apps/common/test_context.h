#pragma once

#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "common/command_context.h"
#include "freshauth/core/clock.h"

namespace freshauth::testing {

// A CommandContext for calling a command's run() in process: string streams, an environment
// holding exactly `variables`, and a ManualClock.
struct TestContext {
  explicit TestContext(std::map<std::string, std::string> variables = {}, std::string input = {})
      : in(std::move(input)),
        context{cli::fixed_environment(std::move(variables)), clock, in, out, err} {}

  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  cli::CommandContext context;
};

}  // namespace freshauth::testing
