#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct LogoutOptions {
  ProfileRequest profile;
  bool everywhere = false;  // cognito: GlobalSignOut, every session of the user on every device
};

// `freshauth logout`: revokes the refresh token at the server and removes the local session.
// When the server cannot be reached the local session is removed anyway, with a warning.
int run(const LogoutOptions& options, CommandContext& context);
void add_logout_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
