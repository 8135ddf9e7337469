#include "idp/client_registry.h"

#include <nlohmann/json.hpp>

#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"
#include "freshauth/sqlite/statement.h"
#include "idp/stored_rows.h"

namespace freshauth::idp {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

bool within(seconds value, seconds low, seconds high) { return value >= low && value <= high; }

}  // namespace

Result<void> check_lifetimes(const TokenLifetimes& lifetimes, bool dev) {
  if (dev) {
    if (lifetimes.access.count() < 1 || lifetimes.id.count() < 1 || lifetimes.refresh.count() < 1) {
      return Error{Errc::invalid_argument, "lifetimes are at least one second", {}};
    }
    return {};
  }
  if (!within(lifetimes.access, minutes{5}, hours{24}) ||
      !within(lifetimes.id, minutes{5}, hours{24})) {
    return Error{Errc::invalid_argument,
                 "access and id token lifetimes are 5 minutes to 1 day (--dev allows less)",
                 {}};
  }
  if (!within(lifetimes.refresh, hours{1}, hours{24 * 3650})) {
    return Error{Errc::invalid_argument,
                 "the refresh token lifetime is 1 hour to 10 years (--dev allows less)",
                 {}};
  }
  return {};
}

ClientRegistry::ClientRegistry(std::shared_ptr<sqlite::Database> db) : db_(std::move(db)) {}

Result<AppClient> ClientRegistry::add(const NewAppClient& client, bool dev, TimePoint now) {
  if (auto checked = check_lifetimes(client.lifetimes, dev); !checked) return checked.error();
  AppClient added;
  // Cognito client ids are 26 lower-case alphanumerics; ours are random and of similar length.
  added.client_id = sha256_hex(random_bytes(16)).substr(0, 26);
  added.name = client.name.empty() ? "app" : client.name;
  if (client.generate_secret) added.secret = random_token(36);
  added.callback_urls = client.callback_urls;
  added.lifetimes = client.lifetimes;
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement insert{*db_, std::string{"INSERT INTO clients("} + kClientColumns +
                                     ", created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)"};
  insert.bind(1, added.client_id).bind(2, added.name).bind(3, added.secret);
  insert.bind(4, nlohmann::json(added.callback_urls).dump());
  insert.bind(5, added.lifetimes.access.count()).bind(6, added.lifetimes.id.count());
  insert.bind(7, added.lifetimes.refresh.count()).bind(8, to_epoch_seconds(now).count());
  if (!insert.run()) return Error{Errc::storage, "cannot add the app client", {}};
  return added;
}

std::optional<AppClient> ClientRegistry::find(const std::string& client_id) const {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement query{
      *db_, std::string{"SELECT "} + kClientColumns + " FROM clients WHERE client_id = ?"};
  if (!query.bind(1, client_id).step()) return std::nullopt;
  return client_from_row(query);
}

std::vector<AppClient> ClientRegistry::list() const {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement query{
      *db_, std::string{"SELECT "} + kClientColumns + " FROM clients ORDER BY created_at, rowid"};
  std::vector<AppClient> clients;
  while (query.step()) clients.push_back(client_from_row(query));
  return clients;
}

std::optional<AppClient> ClientRegistry::partner_client() const {
  auto clients = list();
  if (clients.empty()) return std::nullopt;
  return clients.front();
}

std::chrono::seconds ClientRegistry::longest_token_lifetime() const {
  seconds longest{3600};
  for (const auto& client : list()) {
    longest = std::max({longest, client.lifetimes.access, client.lifetimes.id});
  }
  return longest;
}

}  // namespace freshauth::idp
