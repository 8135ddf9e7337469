#include "session_stores.h"

#include "secret_store_factory.h"

namespace freshauth::cli {

Result<SessionStores> open_stores(Profile profile, const Environment& env, bool create) {
  if (auto ready = prepare_state_dirs(profile.state_root, profile.state_dir, create); !ready) {
    return ready.error();
  }
  SessionStores stores;
  stores.layout = StateLayout{profile.state_dir};
  auto record = load_login_record(stores.layout.login_record());
  if (!record) return record.error();
  stores.record = std::move(*record);
  stores.settings =
      stores.record ? layered(profile.settings, stores.record->as_settings()) : profile.settings;
  auto secrets = make_secret_store(stores.settings, profile.state_dir, env);
  if (!secrets) return secrets.error();
  stores.secrets = std::move(*secrets);
  stores.cache = std::make_shared<FileSessionStore>(stores.layout.session_file());
  stores.store =
      std::make_shared<SplitSessionStore>(stores.cache, stores.secrets, kRefreshTokenSecretName);
  stores.profile = std::move(profile);
  return stores;
}

}  // namespace freshauth::cli
