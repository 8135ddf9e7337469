#pragma once

#include <span>
#include <string>
#include <string_view>

#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile_settings.h"

namespace freshauth {

// One setting: its key in config.toml; the variable is FRESHAUTH_<KEY> and the flag --<key> with
// '-' for '_'.
struct ProfileField {
  std::string_view key;
  std::optional<std::string> ProfileSettings::*member;
  std::string_view help;
  // Secrets have no flag (argv is visible to other users) and are never written to the login
  // record: they come from the config file or the environment each time.
  bool secret = false;
};

std::span<const ProfileField> profile_fields();
const ProfileField* find_profile_field(std::string_view key);
std::string variable_for(const ProfileField& field);
std::string flag_for(const ProfileField& field);

ProfileSettings settings_from_environment(const Environment& env);

// `over`'s fields where set, `under`'s otherwise.
ProfileSettings layered(const ProfileSettings& over, const ProfileSettings& under);

}  // namespace freshauth
