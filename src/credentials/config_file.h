#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/credentials/profile_settings.h"

namespace freshauth {

// config.toml: one table per profile,
//   [profiles.default]
//   endpoint = "http://127.0.0.1:8080"
//   partner_id = "partner-1"
// Only string settings that profile_fields() knows; anything else is an error, so a typo cannot
// silently fall back to a default.
struct ConfigFile {
  std::filesystem::path path;
  bool found = false;
  std::map<std::string, ProfileSettings, std::less<>> profiles;
};

// A missing file is an empty ConfigFile; a malformed one is Errc::invalid_argument naming the
// file and, for syntax errors, the line.
Result<ConfigFile> load_config_file(const std::filesystem::path& path);
Result<ConfigFile> parse_config(std::string_view text, const std::filesystem::path& origin);

}  // namespace freshauth
