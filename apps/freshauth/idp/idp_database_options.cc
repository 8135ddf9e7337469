#include "idp/idp_database_options.h"

namespace freshauth::cli {

std::string default_idp_db_path(const Environment& env) {
  if (auto data = env("XDG_DATA_HOME"); data && data->starts_with('/')) {
    return *data + "/freshauth/idp.db";
  }
  if (auto home = env("HOME")) return *home + "/.local/share/freshauth/idp.db";
  return "freshauth-idp.db";
}

std::string idp_db_path(const IdpDatabaseOptions& options, const Environment& env) {
  return options.db_path.empty() ? default_idp_db_path(env) : options.db_path;
}

}  // namespace freshauth::cli
