#pragma once

#include <string_view>

#include "freshauth/core/error.h"

// The exit codes of every freshauth subcommand, in one place (docs/cli.md lists them too).
namespace freshauth::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;       // anything not listed below
inline constexpr int kExitUsage = 2;        // bad flag, argument or setting
inline constexpr int kExitNotSignedIn = 3;  // no session, or it has ended: run `freshauth login`
inline constexpr int kExitHttpError = 4;    // the API answered with a non-2xx status
inline constexpr int kExitUnreachable = 5;  // network error or a transient server failure
inline constexpr int kExitWrongCredentials = 6;  // wrong username, password or MFA code

// The exit code for a failed library call.
int exit_code_for(const Error& error);

// One line per code, appended to each session command's --help.
inline constexpr std::string_view kSessionExitCodesHelp =
    "\nExit codes: 0 ok; 1 failed; 2 usage error; 3 not signed in or session ended (run "
    "`freshauth login`); 4 HTTP error status; 5 server unreachable or failing (try again); "
    "6 wrong username, password or MFA code.";

}  // namespace freshauth::cli
