#include "common/exit_codes.h"

#include <algorithm>

namespace freshauth::cli {

const ExitCode& describe_exit_code(int code) {
  if (code > kExitKilledBySignal) code = kExitKilledBySignal;
  const auto* found = std::find_if(kExitCodes.begin(), kExitCodes.end(),
                                   [code](const ExitCode& each) { return each.code == code; });
  return found != kExitCodes.end() ? *found : kExitCodes[kExitFailed];
}

std::string exit_codes_help(std::initializer_list<ExitCodeUse> uses) {
  std::string help = "\nExit codes:";
  const char* separator = " ";
  for (const auto& use : uses) {
    const ExitCode& entry = describe_exit_code(use.code);
    help += separator + std::to_string(use.code) + " ";
    help += use.here.empty() ? entry.meaning : use.here;
    if (!entry.next.empty() && use.code != kExitFailed) help += ": " + std::string{entry.next};
    separator = "; ";
  }
  return help + ".";
}

std::string session_exit_codes_help() {
  return exit_codes_help({{kExitOk},
                          {kExitFailed},
                          {kExitUsage},
                          {kExitNotSignedIn},
                          {kExitHttpError},
                          {kExitUnreachable},
                          {kExitWrongCredentials}});
}

int exit_code_for(const Error& error) {
  // An API's answer comes first: a 5xx is an HTTP error status to the caller even though the
  // library would retry it. A 401 ended the session, which is what the caller has to act on.
  if (error.http_status && *error.http_status != 401) return kExitHttpError;
  switch (error.code) {
    case Errc::not_signed_in:
    case Errc::session_expired:
      return kExitNotSignedIn;
    case Errc::transient:
      return kExitUnreachable;
    case Errc::invalid_credentials:
      return kExitWrongCredentials;
    case Errc::invalid_argument:
    case Errc::mfa_required:
    case Errc::storage:
      return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace freshauth::cli
