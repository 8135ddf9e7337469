#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace freshauth::cli {

// A command's help in two parts, as git and gcloud do it: `summary` is its one line in the
// parent's list of commands, `details` (what it does, examples, exit codes) close its own --help.
inline CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& summary,
                             const std::string& details) {
  auto* command = parent.add_subcommand(name, summary);
  command->footer("\n" + details);
  return command;
}

}  // namespace freshauth::cli
