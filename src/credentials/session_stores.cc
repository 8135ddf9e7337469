#include "freshauth/credentials/session_stores.h"

#include "credentials/secret_store_factory.h"
#include "credentials/state_dir.h"
#include "freshauth/credentials/login_record.h"
#include "freshauth/credentials/profile_fields.h"

namespace freshauth {

Result<SessionStores> open_stores(ResolvedProfile profile, const Environment& env, bool create) {
  if (auto ready = prepare_state_dirs(profile.state_root, profile.state_dir, create); !ready) {
    return ready.error();
  }
  SessionStores stores;
  stores.layout = StateLayout{profile.state_dir};
  auto record = load_login_record(stores.layout.login_record());
  if (!record) return record.error();
  if (*record) stores.recorded = std::move((*record)->settings);
  stores.settings =
      stores.recorded ? layered(profile.settings, *stores.recorded) : profile.settings;
  auto secrets = make_secret_store(stores.settings, profile.state_dir, env);
  if (!secrets) return secrets.error();
  stores.secrets = std::move(*secrets);
  stores.cache = std::make_shared<FileSessionStore>(stores.layout.session_file());
  stores.store =
      std::make_shared<SplitSessionStore>(stores.cache, stores.secrets, kRefreshTokenSecretName);
  stores.profile = std::move(profile);
  return stores;
}

}  // namespace freshauth
