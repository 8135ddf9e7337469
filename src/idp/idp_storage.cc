#include "idp/idp_storage.h"

#include "idp/idp_database.h"

namespace freshauth::idp {

Result<IdpStorage> IdpStorage::open(const std::filesystem::path& path, TimePoint now,
                                    PasswordCost cost) {
  auto db = open_idp_database(path);
  if (!db) return db.error();
  auto keys = KeyRing::open(*db, now);
  if (!keys) return keys.error();
  return IdpStorage{*db, std::make_shared<UserDirectory>(*db, cost),
                    std::make_shared<ClientRegistry>(*db), std::make_shared<RefreshTokenStore>(*db),
                    *keys};
}

}  // namespace freshauth::idp
