#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "freshauth/core/error.h"
#include "profile_settings.h"

namespace freshauth::cli {

// Where, as whom and for which partner a profile last signed in, kept beside its session
// (login.json, 0600, no secrets) so that later commands need no flags, and a session's refresh
// token is only ever sent to the server that issued it. It outlives `logout`, so signing in again
// needs only a password.
struct LoginRecord {
  std::string endpoint;
  std::string username;
  std::string partner_id;
  std::optional<std::string> api_base;

  ProfileSettings as_settings() const;
};

Result<std::optional<LoginRecord>> load_login_record(const std::filesystem::path& file);
Result<void> save_login_record(const std::filesystem::path& file, const LoginRecord& record);

}  // namespace freshauth::cli
