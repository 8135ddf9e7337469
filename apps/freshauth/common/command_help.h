#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "common/command_context.h"

namespace freshauth::cli {

// A command's help in two parts, as git and gcloud do it: `summary` is its one line in the
// parent's list of commands, `details` (what it does, examples, exit codes) close its own --help.
inline CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& summary,
                             const std::string& details) {
  auto* command = parent.add_subcommand(name, summary);
  command->footer("\n" + details);
  return command;
}

// When `command` is chosen, `run(*options, context)` (found next to its options type) runs and
// its result becomes the exit code.
template <class Options>
void run_on_parse(CLI::App& command, std::shared_ptr<Options> options, CommandContext& context,
                  int& exit_code) {
  command.callback([options, &context, &exit_code] { exit_code = run(*options, context); });
}

}  // namespace freshauth::cli
