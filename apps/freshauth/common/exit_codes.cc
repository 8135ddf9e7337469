#include "common/exit_codes.h"

namespace freshauth::cli {

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
