#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_records.h"
#include "freshauth/sqlite/database.h"
#include "idp/password_hash.h"

namespace freshauth::idp {

class UserDirectory {
 public:
  UserDirectory(std::shared_ptr<sqlite::Database> db,
                PasswordCost cost = PasswordCost::interactive);

  Result<User> add(const NewUser& user, TimePoint now);
  Result<void> remove(const std::string& username);
  std::optional<User> find(const std::string& username) const;
  std::vector<User> list() const;
  // The user when the password matches; invalid_credentials otherwise (same answer for an
  // unknown user, after the same work, so usernames cannot be probed by timing).
  Result<User> authenticate(const std::string& username, const std::string& password) const;

 private:
  std::shared_ptr<sqlite::Database> db_;
  PasswordCost cost_;
  std::string dummy_hash_;
};

}  // namespace freshauth::idp
