#pragma once

#include <CLI/CLI.hpp>

namespace freshauth::cli {

// login, token, curl, status, logout, exec: the session of a profile from a shell.
void add_session_commands(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
