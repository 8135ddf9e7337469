#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile_settings.h"

namespace freshauth {

/// The profile's name when neither the request nor $FRESHAUTH_PROFILE names one.
inline constexpr std::string_view kDefaultProfile = "default";

/// What the caller says about the profile (the CLI: --profile and the per-setting flags). Empty
/// asks for the profile the environment names, with the settings of its other sources.
struct ProfileRequest {
  std::optional<std::string> name;
  /// Settings that win over every other source.
  ProfileSettings overrides;
};

/// A profile with its settings layered and its files located.
struct ResolvedProfile {
  std::string name;
  /// The request's overrides, then FRESHAUTH_* variables, then config.toml (the login record is
  /// applied later, by open_stores()). URLs are checked and lose any trailing '/'.
  ProfileSettings settings;
  std::filesystem::path config_path;
  bool config_found = false;
  bool in_config = false;  ///< config.toml has [profiles.\<name\>]
  std::filesystem::path state_root;
  std::filesystem::path state_dir;  ///< state_root / name
};

/// Picks the profile (the request's name, else $FRESHAUTH_PROFILE, else "default") and layers its
/// settings. The config file is $FRESHAUTH_CONFIG, else $XDG_CONFIG_HOME/freshauth/config.toml,
/// else ~/.config/freshauth/config.toml; the state root $FRESHAUTH_STATE_DIR, else
/// $XDG_STATE_HOME/freshauth, else ~/.local/state/freshauth. Nothing is written. Errors
/// (Errc::invalid_argument) name the bad setting and its source.
Result<ResolvedProfile> resolve_profile(const ProfileRequest& request,
                                        const Environment& env = process_environment());

/// The command that signs this profile in, for "what to do next" hints.
std::string login_hint(const std::string& profile_name);

}  // namespace freshauth
