#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_records.h"
#include "freshauth/sqlite/database.h"

namespace freshauth::idp {

// Cognito's bounds (access/id 5 min – 1 day, refresh 1 h – 10 years); `dev` allows any lifetime of
// at least one second so tests and demos can watch tokens expire.
Result<void> check_lifetimes(const TokenLifetimes& lifetimes, bool dev);

class ClientRegistry {
 public:
  explicit ClientRegistry(std::shared_ptr<sqlite::Database> db);

  Result<AppClient> add(const NewAppClient& client, bool dev, TimePoint now);
  std::optional<AppClient> find(const std::string& client_id) const;
  std::vector<AppClient> list() const;
  // The client the partner API issues tokens for: the first one created.
  std::optional<AppClient> partner_client() const;
  // The longest access/id lifetime of any client: how long a retired key stays published.
  std::chrono::seconds longest_token_lifetime() const;

 private:
  std::shared_ptr<sqlite::Database> db_;
};

}  // namespace freshauth::idp
