#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile.h"
#include "freshauth/credentials/profile_settings.h"
#include "freshauth/stores/file_session_store.h"
#include "freshauth/stores/secret_store.h"
#include "freshauth/stores/split_session_store.h"

namespace freshauth {

/// What a profile keeps in its state folder (mode 0700; files 0600).
struct StateLayout {
  std::filesystem::path dir;

  /// The access-token cache (FileSessionStore), never the refresh token.
  std::filesystem::path session_file() const { return dir / "session.json"; }
  /// The settings of the last login (provider, server, client, secret store...), no secrets.
  std::filesystem::path login_record() const { return dir / "login.json"; }
};

/// A profile's stored state: the access-token cache (FileSessionStore, whose lock makes refreshes
/// single-flight across processes) and the refresh token in a SecretStore, joined by a
/// SplitSessionStore.
struct SessionStores {
  ResolvedProfile profile;
  /// The settings of the profile's last login, when it has one.
  std::optional<ProfileSettings> recorded;
  /// The profile's settings over the login record's.
  ProfileSettings settings;
  StateLayout layout;
  std::shared_ptr<FileSessionStore> cache;
  std::shared_ptr<SecretStore> secrets;
  std::shared_ptr<SplitSessionStore> store;
};

/// The refresh token's name in the profile's SecretStore.
inline constexpr const char* kRefreshTokenSecretName = "refresh_token";

/// Opens the profile's stores. The refresh token's store follows `secret_store`: file (default,
/// unencrypted 0600 file in the state folder), sodium (encrypted with `secret_key_file` or
/// $FRESHAUTH_SECRET_KEY) or command (the credential helper `secret_command`). `create`: make the
/// state folders (0700; a sign-in does); otherwise nothing is written. A state folder that group
/// or others may enter is refused (Errc::storage).
Result<SessionStores> open_stores(ResolvedProfile profile,
                                  const Environment& env = process_environment(),
                                  bool create = false);

}  // namespace freshauth
