#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "environment.h"
#include "freshauth/core/error.h"
#include "profile_settings.h"

namespace freshauth::cli {

// What the command line says about the profile: --profile and the per-setting flags.
struct ProfileSelection {
  std::optional<std::string> name;
  ProfileSettings flags;
};

struct Profile {
  std::string name;
  // Flags, then FRESHAUTH_* variables, then config.toml (the login record is applied later, by
  // open_stores()). URLs are checked and lose any trailing '/'.
  ProfileSettings settings;
  std::filesystem::path config_path;
  bool config_found = false;
  bool in_config = false;  // config.toml has [profiles.<name>]
  std::filesystem::path state_root;
  std::filesystem::path state_dir;  // state_root / name
};

// Picks the profile (--profile, else $FRESHAUTH_PROFILE, else "default") and layers its settings.
// Errors (Errc::invalid_argument) name the bad setting and its source.
Result<Profile> resolve_profile(const ProfileSelection& selection, const Environment& env);

// The command that signs this profile in, for "what to do next" hints.
std::string login_hint(const std::string& profile_name);

}  // namespace freshauth::cli
