#pragma once

#include <CLI/CLI.hpp>

#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct StatusOptions {
  ProfileRequest profile;
  bool json = false;
};

// `freshauth status`: what is stored for the profile, read without refreshing or calling the
// server. Tokens appear only as fingerprints.
int run_status(const StatusOptions& options, const Environment& env);
void add_status_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
