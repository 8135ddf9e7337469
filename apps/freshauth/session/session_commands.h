#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"

namespace freshauth::cli {

// login, token, curl, status, logout, exec: the session of a profile from a shell.
void add_session_commands(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
