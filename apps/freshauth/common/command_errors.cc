#include "common/command_errors.h"

#include <iostream>

#include "common/exit_codes.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

std::string next_step(const Error& error, const std::string& profile) {
  const int code = exit_code_for(error);
  if (code == kExitNotSignedIn) return "run `" + login_hint(profile) + "`";
  if (code == kExitUnreachable) return "check the network and the endpoint, then try again";
  if (code == kExitWrongCredentials) {
    return "check the username, password and MFA code, then run `" + login_hint(profile) +
           "` again";
  }
  return {};
}

int report_failure(std::string_view command, const Error& error, const std::string& profile) {
  std::cerr << "freshauth " << command << ": " << error.message;
  if (const std::string next = next_step(error, profile); !next.empty()) std::cerr << ": " << next;
  std::cerr << "\n";
  return exit_code_for(error);
}

int report_usage(std::string_view command, const std::string& message) {
  std::cerr << "freshauth " << command << ": " << message
            << "\nRun with --help for more information.\n";
  return kExitUsage;
}

}  // namespace freshauth::cli
