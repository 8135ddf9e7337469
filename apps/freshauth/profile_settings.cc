#include "profile_settings.h"

#include <array>
#include <cctype>

namespace freshauth::cli {
namespace {

constexpr std::array kFields{
    ProfileField{"endpoint", &ProfileSettings::endpoint,
                 "Auth server base URL (the partner API), e.g. http://127.0.0.1:8080"},
    ProfileField{"partner_id", &ProfileSettings::partner_id,
                 "Partner id, sent as X-Preferred-Partner-Id"},
    ProfileField{"username", &ProfileSettings::username, "User name to sign in as"},
    ProfileField{"api_base", &ProfileSettings::api_base,
                 "Base URL for relative paths of `freshauth curl` (default: the endpoint)"},
    ProfileField{"secret_store", &ProfileSettings::secret_store,
                 "Where the refresh token is kept: file (default, unencrypted), sodium, command"},
    ProfileField{"secret_command", &ProfileSettings::secret_command,
                 "Credential helper for secret_store = command (split on spaces, no shell)"},
    ProfileField{"secret_key_file", &ProfileSettings::secret_key_file,
                 "Key file for secret_store = sodium (default: $FRESHAUTH_SECRET_KEY)"},
};

}  // namespace

std::span<const ProfileField> profile_fields() { return kFields; }

const ProfileField* find_profile_field(std::string_view key) {
  for (const auto& field : kFields) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

std::string variable_for(const ProfileField& field) {
  std::string name = "FRESHAUTH_";
  for (const char c : field.key)
    name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string flag_for(const ProfileField& field) {
  std::string flag = "--";
  for (const char c : field.key) flag += c == '_' ? '-' : c;
  return flag;
}

ProfileSettings settings_from_environment(const Environment& env) {
  ProfileSettings settings;
  for (const auto& field : kFields) settings.*field.member = env(variable_for(field));
  return settings;
}

ProfileSettings layered(const ProfileSettings& over, const ProfileSettings& under) {
  ProfileSettings merged = under;
  for (const auto& field : kFields) {
    if (over.*field.member) merged.*field.member = over.*field.member;
  }
  return merged;
}

}  // namespace freshauth::cli
