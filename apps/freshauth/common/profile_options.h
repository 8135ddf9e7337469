#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <string_view>

#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

// Adds --profile and one flag per profile setting (--endpoint, --partner-id...) to `command`.
void add_profile_options(CLI::App& command, ProfileRequest& selection);
// The same for the settings named by `keys` only (their config.toml keys, e.g. "client_id").
void add_profile_options(CLI::App& command, ProfileRequest& selection,
                         std::initializer_list<std::string_view> keys);

}  // namespace freshauth::cli
