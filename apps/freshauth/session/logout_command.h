#pragma once

#include <CLI/CLI.hpp>

#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct LogoutOptions {
  ProfileRequest profile;
  bool everywhere = false;  // cognito: GlobalSignOut, every session of the user on every device
};

// `freshauth logout`: revokes the refresh token at the server and removes the local session.
// When the server cannot be reached the local session is removed anyway, with a warning.
int run_logout(const LogoutOptions& options, const Environment& env);
void add_logout_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
