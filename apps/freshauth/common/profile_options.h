#pragma once

#include <CLI/CLI.hpp>

#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

// Adds --profile and one flag per profile setting (--endpoint, --partner-id...) to `command`.
void add_profile_options(CLI::App& command, ProfileRequest& selection);

}  // namespace freshauth::cli
