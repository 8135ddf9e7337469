#pragma once

#include <string>

#include "freshauth/credentials/environment.h"

namespace freshauth::cli {

// `freshauth idp [--db PATH] [--dev] ...`: the options every idp command shares.
struct IdpDatabaseOptions {
  std::string db_path;  // empty: default_idp_db_path()
  bool dev = false;     // token lifetimes in seconds, a lying server: tests and demos only
};

// $XDG_DATA_HOME/freshauth/idp.db, else ~/.local/share/freshauth/idp.db, else ./freshauth-idp.db.
std::string default_idp_db_path(const Environment& env);

// The database the options name.
std::string idp_db_path(const IdpDatabaseOptions& options, const Environment& env);

}  // namespace freshauth::cli
