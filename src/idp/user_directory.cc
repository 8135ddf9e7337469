#include "idp/user_directory.h"

#include "freshauth/idp/secrets.h"
#include "freshauth/idp/totp.h"
#include "freshauth/sqlite/statement.h"
#include "idp/stored_rows.h"

namespace freshauth::idp {
namespace {

Error refused() { return {Errc::invalid_credentials, "incorrect username or password", {}}; }

}  // namespace

UserDirectory::UserDirectory(std::shared_ptr<sqlite::Database> db, PasswordCost cost)
    : db_(std::move(db)),
      cost_(cost),
      dummy_hash_(hash_password("not a password", cost).value_or("")) {}

Result<User> UserDirectory::add(const NewUser& user, TimePoint now) {
  if (user.username.empty() || user.username.size() > 128) {
    return Error{Errc::invalid_argument, "a username has 1 to 128 characters", {}};
  }
  if (user.password.size() < 8) {
    return Error{Errc::invalid_argument, "a password has at least 8 characters", {}};
  }
  const auto hash = hash_password(user.password, cost_);
  if (!hash) return Error{Errc::storage, "password hashing failed (out of memory?)", {}};
  User added{user.username, random_uuid(),
             user.totp ? std::optional{generate_totp_secret()} : std::nullopt};
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement insert{
      *db_,
      "INSERT INTO users(username, sub, password_hash, totp_secret, created_at) "
      "VALUES(?, ?, ?, ?, ?)"};
  insert.bind(1, added.username).bind(2, added.sub).bind(3, *hash).bind(4, added.totp_secret);
  insert.bind(5, to_epoch_seconds(now).count());
  if (!insert.run()) return Error{Errc::invalid_argument, "user " + user.username + " exists", {}};
  return added;
}

Result<void> UserDirectory::remove(const std::string& username) {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement revoke{*db_, "UPDATE refresh_tokens SET revoked = 1 WHERE username = ?"};
  revoke.bind(1, username).run();
  sqlite::Statement remove{*db_, "DELETE FROM users WHERE username = ?"};
  if (!remove.bind(1, username).run()) return Error{Errc::storage, "cannot remove the user", {}};
  if (db_->changes() == 0) {
    return Error{Errc::invalid_argument, "no user " + username, {}};
  }
  return {};
}

std::optional<User> UserDirectory::find(const std::string& username) const {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement query{*db_, "SELECT username, sub, totp_secret FROM users WHERE username = ?"};
  if (!query.bind(1, username).step()) return std::nullopt;
  return user_from_row(query);
}

std::vector<User> UserDirectory::list() const {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement query{*db_, "SELECT username, sub, totp_secret FROM users ORDER BY username"};
  std::vector<User> users;
  while (query.step()) users.push_back(user_from_row(query));
  return users;
}

Result<User> UserDirectory::authenticate(const std::string& username,
                                         const std::string& password) const {
  std::string hash;
  std::optional<User> user;
  {
    std::lock_guard lock{db_->mutex()};
    sqlite::Statement query{
        *db_, "SELECT username, sub, totp_secret, password_hash FROM users WHERE username = ?"};
    if (query.bind(1, username).step()) {
      user = user_from_row(query);
      hash = query.text(3);
    }
  }
  // Hash verification runs outside the lock: it is the slow part, on purpose.
  if (!user) {
    (void)verify_password(dummy_hash_, password);
    return refused();
  }
  if (!verify_password(hash, password)) return refused();
  return *user;
}

}  // namespace freshauth::idp
