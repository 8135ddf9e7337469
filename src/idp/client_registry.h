#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "idp/idp_database.h"

namespace freshauth::idp {

struct TokenLifetimes {
  std::chrono::seconds access{3600};
  std::chrono::seconds id{3600};
  std::chrono::seconds refresh{30 * 24 * 3600};
};

// Cognito's bounds (access/id 5 min – 1 day, refresh 1 h – 10 years); `dev` allows any lifetime of
// at least one second so tests and demos can watch tokens expire.
Result<void> check_lifetimes(const TokenLifetimes& lifetimes, bool dev);

struct AppClient {
  std::string client_id;
  std::string name;
  std::optional<std::string> secret;
  std::vector<std::string> callback_urls;
  TokenLifetimes lifetimes;
};

struct NewAppClient {
  std::string name;
  bool generate_secret = false;
  std::vector<std::string> callback_urls;
  TokenLifetimes lifetimes;
};

class ClientRegistry {
 public:
  explicit ClientRegistry(std::shared_ptr<IdpDatabase> db);

  Result<AppClient> add(const NewAppClient& client, bool dev, TimePoint now);
  std::optional<AppClient> find(const std::string& client_id) const;
  std::vector<AppClient> list() const;
  // The client the partner API issues tokens for: the first one created.
  std::optional<AppClient> partner_client() const;
  // The longest access/id lifetime of any client: how long a retired key stays published.
  std::chrono::seconds longest_token_lifetime() const;

 private:
  std::shared_ptr<IdpDatabase> db_;
};

}  // namespace freshauth::idp
