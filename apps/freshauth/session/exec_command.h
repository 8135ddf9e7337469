#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/command_context.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct ExecOptions {
  ProfileRequest profile;
  std::optional<std::string> env_name;
  std::vector<std::string> command;
};

// `freshauth exec -- CMD ARGS...`: runs CMD with a fresh access token in its environment and
// exits with CMD's exit status.
int run(const ExecOptions& options, CommandContext& context);
void add_exec_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
