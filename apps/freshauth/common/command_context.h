#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/credentials/environment.h"

namespace freshauth::cli {

// Everything of the world a command may use. Every command is
// `int run(const XOptions&, CommandContext&)`, returning its exit code (exit_codes.h): main()
// hands it the process's context, tests string streams, a map for the environment and a
// ManualClock.
struct CommandContext {
  Environment env;                     // a lookup: commands never call getenv
  std::shared_ptr<const Clock> clock;  // now(), and the session engines' clock
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool interactive = false;  // `in` is a terminal: prompts are shown and echo turned off
};

// getenv, the system clock, std::cin / std::cout / std::cerr, isatty(0).
CommandContext process_context();

// An environment holding exactly `variables` (empty values count as unset).
Environment fixed_environment(std::map<std::string, std::string> variables);

}  // namespace freshauth::cli
