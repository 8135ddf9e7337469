#pragma once

#include <filesystem>
#include <memory>

#include "idp/client_registry.h"
#include "idp/key_ring.h"
#include "idp/refresh_token_store.h"
#include "idp/user_directory.h"

namespace freshauth::idp {

// Everything the idp keeps, over one SQLite file: what the server and the admin commands open.
struct IdpStorage {
  std::shared_ptr<sqlite::Database> db;
  std::shared_ptr<UserDirectory> users;
  std::shared_ptr<ClientRegistry> clients;
  std::shared_ptr<RefreshTokenStore> refresh_tokens;
  std::shared_ptr<KeyRing> keys;

  // Creates the file, the schema and the first signing key when missing.
  static Result<IdpStorage> open(const std::filesystem::path& path, TimePoint now,
                                 PasswordCost cost = PasswordCost::interactive);
};

}  // namespace freshauth::idp
