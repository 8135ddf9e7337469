#include "common/profile_options.h"

#include "freshauth/credentials/profile_fields.h"

namespace freshauth::cli {

namespace {

void add_profile_option(CLI::App& command, ProfileRequest& selection, const ProfileField& field) {
  auto* member = &(selection.overrides.*field.member);
  command
      .add_option_function<std::string>(
          flag_for(field), [member](const std::string& value) { *member = value; },
          std::string{field.help} + " [env " + variable_for(field) + "]")
      ->group("Profile");
}

void add_profile_name_option(CLI::App& command, ProfileRequest& selection) {
  command
      .add_option_function<std::string>(
          "--profile", [&selection](const std::string& name) { selection.name = name; },
          "Profile to use (default: $FRESHAUTH_PROFILE, else \"default\")")
      ->group("Profile");
}

}  // namespace

void add_profile_options(CLI::App& command, ProfileRequest& selection) {
  add_profile_name_option(command, selection);
  for (const auto& field : profile_fields()) {
    if (!field.secret) add_profile_option(command, selection, field);
  }
}

void add_profile_options(CLI::App& command, ProfileRequest& selection,
                         std::initializer_list<std::string_view> keys) {
  add_profile_name_option(command, selection);
  for (const auto key : keys) {
    const ProfileField* field = find_profile_field(key);
    if (field != nullptr && !field->secret) add_profile_option(command, selection, *field);
  }
}

}  // namespace freshauth::cli
