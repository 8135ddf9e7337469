#include "common/command_context.h"

#include <unistd.h>

#include <iostream>

namespace freshauth::cli {

CommandContext process_context() {
  return {
      process_environment(),      std::make_shared<SystemClock>(), std::cin, std::cout, std::cerr,
      ::isatty(STDIN_FILENO) == 1};
}

Environment fixed_environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
}

}  // namespace freshauth::cli
