#pragma once

#include <string>
#include <vector>

namespace freshauth::cli {

struct IdpServeOptions {
  std::string db_path;
  std::string listen = "127.0.0.1:0";
  std::string issuer;
  int threads = 2;
  std::vector<std::string> faults;
  bool access_log = false;
  int expires_in_overstatement_seconds = 0;  // dev and tests only: a server that lies
};

// Runs until SIGINT or SIGTERM; returns the exit code (0 clean stop, 1 could not start, 2 usage).
int run_idp_serve(const IdpServeOptions& options);

}  // namespace freshauth::cli
