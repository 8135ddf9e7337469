#include "common/command_errors.h"

#include <ostream>

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

int report_failure(std::ostream& err, std::string_view command, const Error& error,
                   const std::string& profile) {
  err << "freshauth " << command << ": " << error.message;
  if (const std::string next = next_step(error, profile); !next.empty()) err << ": " << next;
  err << "\n";
  return exit_code_for(error);
}

int report_usage(std::ostream& err, std::string_view command, const std::string& message) {
  err << "freshauth " << command << ": " << message << "\nRun `freshauth " << command
      << " --help` for its options.\n";
  return kExitUsage;
}

}  // namespace freshauth::cli
