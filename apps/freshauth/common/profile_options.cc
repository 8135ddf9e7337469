#include "common/profile_options.h"

#include "freshauth/credentials/profile_fields.h"

namespace freshauth::cli {

void add_profile_options(CLI::App& command, ProfileRequest& selection) {
  command
      .add_option_function<std::string>(
          "--profile", [&selection](const std::string& name) { selection.name = name; },
          "Profile to use (default: $FRESHAUTH_PROFILE, else \"default\")")
      ->group("Profile");
  for (const auto& field : profile_fields()) {
    if (field.secret) continue;
    auto* member = &(selection.overrides.*field.member);
    command
        .add_option_function<std::string>(
            flag_for(field), [member](const std::string& value) { *member = value; },
            std::string{field.help} + " [env " + variable_for(field) + "]")
        ->group("Profile");
  }
}

}  // namespace freshauth::cli
