#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct StatusOptions {
  ProfileRequest profile;
  bool json = false;
};

// `freshauth status`: what is stored for the profile, read without refreshing or calling the
// server. Tokens appear only as fingerprints.
int run(const StatusOptions& options, CommandContext& context);
void add_status_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
