#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "demo/demo_options.h"

namespace freshauth::cli {

// `freshauth demo`: the session engine against the embedded idp, many threads, wall-clock time;
// the table (or --json) on `out`, the progress line and fault banners on stderr.
int run(const DemoCommandLine& line, CommandContext& context);
void add_demo_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
