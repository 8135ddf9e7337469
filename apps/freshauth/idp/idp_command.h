#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"

namespace freshauth::cli {

// `freshauth idp ...`: administer and run the embedded auth server (idp_admin_commands.h,
// idp_serve_command.h).
void add_idp_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
