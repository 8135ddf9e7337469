#pragma once

#include <memory>
#include <optional>

#include "environment.h"
#include "freshauth/stores/file_session_store.h"
#include "freshauth/stores/secret_store.h"
#include "freshauth/stores/split_session_store.h"
#include "login_record.h"
#include "profile.h"
#include "state_dir.h"

namespace freshauth::cli {

// A profile's stored state: the access-token cache (FileSessionStore, whose lock makes refreshes
// single-flight across processes) and the refresh token in a SecretStore, joined by a
// SplitSessionStore.
struct SessionStores {
  Profile profile;
  std::optional<LoginRecord> record;
  // The profile's settings over the login record's.
  ProfileSettings settings;
  StateLayout layout;
  std::shared_ptr<FileSessionStore> cache;
  std::shared_ptr<SecretStore> secrets;
  std::shared_ptr<SplitSessionStore> store;
};

inline constexpr const char* kRefreshTokenSecretName = "refresh_token";

// `create`: make the state folders (login); otherwise nothing is written.
Result<SessionStores> open_stores(Profile profile, const Environment& env, bool create);

}  // namespace freshauth::cli
