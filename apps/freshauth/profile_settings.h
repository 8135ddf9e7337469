#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "environment.h"

namespace freshauth::cli {

// What one source (flags, FRESHAUTH_* variables, a profile in config.toml, the login record) says
// about a profile. Unset fields leave the decision to the next source.
struct ProfileSettings {
  std::optional<std::string> endpoint;    // the auth server, e.g. http://127.0.0.1:8080
  std::optional<std::string> partner_id;  // sent as X-Preferred-Partner-Id
  std::optional<std::string> username;
  std::optional<std::string> api_base;        // where `curl` sends relative paths; default endpoint
  std::optional<std::string> secret_store;    // file | sodium | command
  std::optional<std::string> secret_command;  // credential helper, for secret_store = command
  std::optional<std::string>
      secret_key_file;  // key of the sodium store (else $FRESHAUTH_SECRET_KEY)
};

// One setting: its key in config.toml; the variable is FRESHAUTH_<KEY> and the flag --<key> with
// '-' for '_'.
struct ProfileField {
  std::string_view key;
  std::optional<std::string> ProfileSettings::*member;
  std::string_view help;
};

std::span<const ProfileField> profile_fields();
const ProfileField* find_profile_field(std::string_view key);
std::string variable_for(const ProfileField& field);
std::string flag_for(const ProfileField& field);

ProfileSettings settings_from_environment(const Environment& env);

// `over`'s fields where set, `under`'s otherwise.
ProfileSettings layered(const ProfileSettings& over, const ProfileSettings& under);

}  // namespace freshauth::cli
