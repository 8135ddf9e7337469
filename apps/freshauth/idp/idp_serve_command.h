#pragma once

#include <string>
#include <vector>

#include "common/command_context.h"
#include "idp/idp_database_options.h"

namespace freshauth::cli {

struct IdpServeOptions {
  IdpDatabaseOptions database;
  std::string listen = "127.0.0.1:0";
  std::string issuer;
  int threads = 2;
  std::vector<std::string> faults;
  bool access_log = false;
  int expires_in_overstatement_seconds = 0;  // --dev only: a server that lies
};

// `freshauth idp serve`: serves until SIGINT or SIGTERM (0), or exits 1 when it cannot start and
// 2 on a bad option, before anything starts. The first line on `out` is `listening on URL`.
int run(const IdpServeOptions& options, CommandContext& context);

}  // namespace freshauth::cli
