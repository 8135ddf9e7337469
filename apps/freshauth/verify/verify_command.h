#pragma once

#include <CLI/CLI.hpp>

namespace freshauth::cli {

// `freshauth verify`: checks one access or id token against an issuer's JWKS.
void add_verify_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
