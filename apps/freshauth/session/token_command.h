#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct TokenOptions {
  ProfileRequest profile;
  bool json = false;
};

// `freshauth token`: prints an access token that is fresh, refreshing it first when it is in the
// refresh window (one refresh across all processes sharing the profile).
int run(const TokenOptions& options, CommandContext& context);
void add_token_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
