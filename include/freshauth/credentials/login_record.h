#pragma once

#include <filesystem>
#include <optional>

#include "freshauth/core/error.h"
#include "freshauth/credentials/profile_settings.h"

namespace freshauth {

// The settings a profile last signed in with (provider, server, client, username, partner id,
// where the refresh token is kept, discovered endpoints...), kept beside its session (login.json,
// 0600) so that later commands need no flags, a refresh token is only ever sent to the server
// that issued it, and it is always looked for in the store it was put in. Secret settings (the
// client secret) are never written. It outlives `logout`, so signing in again needs only a
// password.
struct LoginRecord {
  ProfileSettings settings;

  const ProfileSettings& as_settings() const { return settings; }
};

Result<std::optional<LoginRecord>> load_login_record(const std::filesystem::path& file);
Result<void> save_login_record(const std::filesystem::path& file, const LoginRecord& record);

}  // namespace freshauth
