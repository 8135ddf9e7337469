#pragma once

#include <CLI/CLI.hpp>

namespace freshauth::cli {

// `freshauth idp ...`: administer and run the embedded auth server.
// Exit codes: 0 success; 1 the command failed (storage, unknown user, bad state); 2 usage error.
void add_idp_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli

using freshauth::cli::add_idp_command;
