#pragma once

#include <CLI/CLI.hpp>

namespace freshauth::cli {

// `freshauth demo`: the real demo (embedded idp, many threads, wall-clock time), or with
// --simulated the engine alone in simulated time.
void add_demo_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
