#pragma once

#include <filesystem>
#include <memory>

#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile_settings.h"
#include "freshauth/stores/secret_store.h"

namespace freshauth {

// The store for the profile's refresh token, by `secret_store`:
//   file (default)  PlainFileSecretStore in `state_dir`: unencrypted, mode 0600
//   sodium          SodiumFileSecretStore in `state_dir`, keyed by `secret_key_file` or
//                   $FRESHAUTH_SECRET_KEY
//   command         CommandSecretStore running `secret_command` (split on spaces, no shell)
Result<std::shared_ptr<SecretStore>> make_secret_store(const ProfileSettings& settings,
                                                       const std::filesystem::path& state_dir,
                                                       const Environment& env);

}  // namespace freshauth
