#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "environment.h"
#include "profile.h"

namespace freshauth::cli {

struct LoginOptions {
  ProfileSelection profile;
  bool password_stdin = false;
  std::optional<std::string> mfa_code;
};

// `freshauth login`: signs in (password, then an MFA code when the server asks) and saves the
// session in the profile's state folder.
int run_login(const LoginOptions& options, const Environment& env);
void add_login_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
