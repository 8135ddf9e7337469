#pragma once

#include "freshauth/idp/idp_records.h"
#include "freshauth/sqlite/statement.h"

namespace freshauth::idp {

// How users and app clients are read from a row, starting at column `first`: the directory, the
// registry and the refresh lookup that joins both to a token read them alike.
inline constexpr const char* kUserColumns = "username, sub, totp_secret";
inline constexpr const char* kClientColumns =
    "client_id, name, secret, callback_urls, access_seconds, id_seconds, refresh_seconds";

User user_from_row(const sqlite::Statement& row, int first = 0);
AppClient client_from_row(const sqlite::Statement& row, int first = 0);

}  // namespace freshauth::idp
