#include "freshauth/credentials/profile.h"

#include "credentials/config_file.h"
#include "credentials/default_paths.h"
#include "credentials/profile_name.h"
#include "freshauth/credentials/profile_fields.h"

namespace freshauth {
namespace {

Result<void> normalize_url(std::optional<std::string>& url, const char* key) {
  if (!url) return {};
  if (!url->starts_with("http://") && !url->starts_with("https://")) {
    return Error{Errc::invalid_argument,
                 std::string{key} + " `" + *url + "` is not an http:// or https:// URL",
                 {}};
  }
  while (url->ends_with('/')) url->pop_back();
  return {};
}

}  // namespace

Result<ResolvedProfile> resolve_profile(const ProfileRequest& request, const Environment& env) {
  ResolvedProfile profile;
  profile.name =
      request.name.value_or(env("FRESHAUTH_PROFILE").value_or(std::string{kDefaultProfile}));
  if (auto valid = check_profile_name(profile.name); !valid) return valid.error();

  auto config_path = config_file_path(env);
  if (!config_path) return config_path.error();
  auto config = load_config_file(*config_path);
  if (!config) return config.error();
  profile.config_path = *config_path;
  profile.config_found = config->found;

  ProfileSettings from_file;
  if (const auto found = config->profiles.find(profile.name); found != config->profiles.end()) {
    profile.in_config = true;
    from_file = found->second;
  }
  profile.settings = layered(request.overrides, layered(settings_from_environment(env), from_file));
  if (auto valid = normalize_url(profile.settings.endpoint, "endpoint"); !valid) {
    return valid.error();
  }
  if (auto valid = normalize_url(profile.settings.api_base, "api_base"); !valid) {
    return valid.error();
  }

  auto root = state_root(env);
  if (!root) return root.error();
  profile.state_root = *root;
  profile.state_dir = *root / profile.name;
  return profile;
}

std::string login_hint(const std::string& profile_name) {
  if (profile_name == kDefaultProfile) return "freshauth login";
  return "freshauth login --profile " + profile_name;
}

}  // namespace freshauth
