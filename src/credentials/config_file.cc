#include "credentials/config_file.h"

#include <cpptoml.h>

#include <fstream>
#include <sstream>

#include "credentials/profile_name.h"
#include "freshauth/credentials/profile_fields.h"

namespace freshauth {
namespace {

Error config_error(const std::filesystem::path& origin, const std::string& what) {
  return {Errc::invalid_argument, "config file " + origin.string() + ": " + what, {}};
}

std::string known_keys() {
  std::string keys;
  for (const auto& field : profile_fields()) {
    if (!keys.empty()) keys += ", ";
    keys += field.key;
  }
  return keys;
}

Result<ProfileSettings> read_profile(const cpptoml::table& table, const std::string& name,
                                     const std::filesystem::path& origin) {
  ProfileSettings settings;
  const std::string where = "[profiles." + name + "]";
  for (const auto& [key, value] : table) {
    const ProfileField* field = find_profile_field(key);
    if (field == nullptr) {
      return config_error(origin,
                          where + ": unknown setting `" + key + "` (known: " + known_keys() + ")");
    }
    auto text = value->as<std::string>();
    if (!text) return config_error(origin, where + ": `" + key + "` must be a string");
    settings.*field->member = text->get();
  }
  return settings;
}

}  // namespace

Result<ConfigFile> parse_config(std::string_view text, const std::filesystem::path& origin) {
  std::shared_ptr<cpptoml::table> root;
  try {
    std::istringstream stream{std::string{text}};
    root = cpptoml::parser{stream}.parse();
  } catch (const cpptoml::parse_exception& error) {
    return config_error(origin, error.what());
  }
  ConfigFile config{origin, true, {}};
  for (const auto& [key, value] : *root) {
    if (key != "profiles" || !value->is_table()) {
      return config_error(origin,
                          "unexpected `" + key + "`: settings belong in a [profiles.NAME] table");
    }
  }
  const auto profiles = root->get_table("profiles");
  if (!profiles) return config;
  for (const auto& [name, value] : *profiles) {
    if (auto valid = check_profile_name(name); !valid) {
      return config_error(origin, valid.error().message);
    }
    if (!value->is_table()) {
      return config_error(origin,
                          "`profiles." + name + "` must be a table: [profiles." + name + "]");
    }
    auto settings = read_profile(*value->as_table(), name, origin);
    if (!settings) return settings.error();
    config.profiles.emplace(name, std::move(*settings));
  }
  return config;
}

Result<ConfigFile> load_config_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) return ConfigFile{path, false, {}};
  if (status.type() != std::filesystem::file_type::regular) {
    return config_error(path, "is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_error(path, "cannot be read (check its permissions)");
  std::ostringstream contents;
  contents << in.rdbuf();
  return parse_config(contents.str(), path);
}

}  // namespace freshauth
