#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "gateway/gateway_options.h"

namespace freshauth::cli {

// `freshauth gateway`: runs the BFF (or with --sidecar the service-facing sidecar) until SIGINT
// or SIGTERM (0). The first line on `out` says where it listens and what it proxies; operational
// messages go to `err`. 2 on a bad flag, before anything starts; else the start's failure.
int run(const GatewayOptions& options, CommandContext& context);
void add_gateway_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
