#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/exit_codes.h"

namespace freshauth::cli {

// What a child's environment differs in from this process's.
struct EnvironmentChanges {
  std::vector<std::pair<std::string, std::string>> set;  // replacing any of the same name
  std::vector<std::string> unset;
};

// Runs `argv` (looked up in PATH, no shell) with this process's environment changed by `changes`
// and waits for it. Returns its exit status, 128 + the signal
// that killed it, or 126/127 when it could not be started (`error` then says why). While it runs,
// SIGINT and SIGQUIT (which the terminal sends to both) are left to the child, and SIGTERM and
// SIGHUP are passed on to it.
int run_child_command(const std::vector<std::string>& argv, const EnvironmentChanges& changes,
                      std::string& error);

}  // namespace freshauth::cli
