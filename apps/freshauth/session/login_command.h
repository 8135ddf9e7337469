#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "common/command_context.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct LoginOptions {
  ProfileRequest profile;
  bool password_stdin = false;
  std::optional<std::string> mfa_code;
  bool browser = false;       // oauth2: authorization code + PKCE in a browser (the default)
  bool device = false;        // oauth2: the device grant, for machines without a browser
  bool no_open = false;       // oauth2 --browser: print the URL only, never run xdg-open
  int timeout_seconds = 300;  // oauth2: how long to wait for the user
};

// `freshauth login`: signs in and saves the session in the profile's state folder. partner and
// cognito: a password, then an MFA code when the server asks. oauth2: a browser or the device
// grant.
int run(const LoginOptions& options, CommandContext& context);
void add_login_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
