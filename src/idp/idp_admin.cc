#include "freshauth/idp/idp_admin.h"

#include "idp/idp_storage.h"

namespace freshauth::idp {

Result<IdpAdmin> IdpAdmin::open(const std::filesystem::path& db_path, TimePoint now,
                                PasswordCost cost) {
  auto storage = IdpStorage::open(db_path, now, cost);
  if (!storage) return storage.error();
  return IdpAdmin{std::move(*storage)};
}

IdpAdmin::IdpAdmin(IdpStorage storage)
    : storage_(std::make_unique<IdpStorage>(std::move(storage))) {}
IdpAdmin::IdpAdmin(IdpAdmin&&) noexcept = default;
IdpAdmin& IdpAdmin::operator=(IdpAdmin&&) noexcept = default;
IdpAdmin::~IdpAdmin() = default;

Result<AppClient> IdpAdmin::add_client(const NewAppClient& client, bool dev, TimePoint now) {
  return storage_->clients->add(client, dev, now);
}

std::vector<AppClient> IdpAdmin::clients() const { return storage_->clients->list(); }

std::optional<AppClient> IdpAdmin::partner_client() const {
  return storage_->clients->partner_client();
}

Result<User> IdpAdmin::add_user(const NewUser& user, TimePoint now) {
  return storage_->users->add(user, now);
}

Result<void> IdpAdmin::remove_user(const std::string& username) {
  return storage_->users->remove(username);
}

std::vector<User> IdpAdmin::users() const { return storage_->users->list(); }

int IdpAdmin::revoke_sessions(const std::string& username) {
  return storage_->refresh_tokens->revoke_user(username);
}

Result<void> IdpAdmin::check_refresh_token(const std::string& token, TimePoint now) const {
  auto record = storage_->refresh_tokens->redeem(token, now);
  if (!record) return record.error();
  return {};
}

Result<std::string> IdpAdmin::rotate_signing_key(TimePoint now) {
  return storage_->keys->rotate(now, storage_->clients->longest_token_lifetime());
}

}  // namespace freshauth::idp
