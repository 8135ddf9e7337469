#pragma once

#include <filesystem>

#include "freshauth/core/error.h"
#include "freshauth/credentials/environment.h"

namespace freshauth {

// $FRESHAUTH_CONFIG, else $XDG_CONFIG_HOME/freshauth/config.toml, else
// ~/.config/freshauth/config.toml.
Result<std::filesystem::path> config_file_path(const Environment& env);

// $FRESHAUTH_STATE_DIR, else $XDG_STATE_HOME/freshauth, else ~/.local/state/freshauth. Each
// profile keeps its session in a folder of its own below this one.
Result<std::filesystem::path> state_root(const Environment& env);

}  // namespace freshauth
