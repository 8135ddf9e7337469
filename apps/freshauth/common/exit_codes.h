#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

// The exit codes of every freshauth command: this table is the only place they are declared.
// Each command's --help lists the ones it uses (exit_codes_help), docs/cli.md lists them all
// (tests/apps/common/exit_codes_test.cc checks that it does).
namespace freshauth::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;       // anything not listed below
inline constexpr int kExitUsage = 2;        // bad flag, argument, setting or config file
inline constexpr int kExitNotSignedIn = 3;  // no session, or it has ended: run `freshauth login`
inline constexpr int kExitHttpError = 4;    // the API answered with a non-2xx status
inline constexpr int kExitUnreachable = 5;  // network error or a transient server failure
inline constexpr int kExitWrongCredentials = 6;      // wrong username, password or MFA code
inline constexpr int kExitCommandNotRunnable = 126;  // exec: as shells report it
inline constexpr int kExitCommandNotFound = 127;     // exec: as shells report it
inline constexpr int kExitKilledBySignal = 128;      // exec: 128 + N, killed by signal N

struct ExitCode {
  int code;
  std::string_view meaning;  // what happened, in general
  std::string_view next;     // what to do about it, or empty
};

inline constexpr std::array<ExitCode, 10> kExitCodes{{
    {kExitOk, "success", ""},
    {kExitFailed, "failed (storage, an unexpected answer, a refused token, a failed demo request)",
     "read the message"},
    {kExitUsage, "usage: bad flag, argument, setting or config file",
     "fix the command line or the config"},
    {kExitNotSignedIn,
     "not signed in, or the session ended (refresh token rejected, API answered 401)",
     "run `freshauth login`"},
    {kExitHttpError, "the API answered with a non-2xx status", "check the request"},
    {kExitUnreachable,
     "network error or a transient server failure (unreachable, timeout, 5xx or 429 from the "
     "auth server)",
     "try again"},
    {kExitWrongCredentials, "wrong username, password or MFA code", "check them and sign in again"},
    {kExitCommandNotRunnable, "exec: the command could not be run", "check its permissions"},
    {kExitCommandNotFound, "exec: the command was not found", "check its name and PATH"},
    {kExitKilledBySignal, "exec: 128 + N, the command was killed by signal N", ""},
}};

// The table's entry for `code`; an exec status 128 + N falls under kExitKilledBySignal.
const ExitCode& describe_exit_code(int code);

// How one command uses a code: `here` says what it means for this command (empty: the table's
// meaning).
struct ExitCodeUse {
  int code;
  std::string_view here = {};
};

// "Exit codes: 0 success; 2 usage: ...; ..." for the end of a command's --help.
std::string exit_codes_help(std::initializer_list<ExitCodeUse> uses);

// The codes every session command (login, token, curl, status, logout) can exit with.
std::string session_exit_codes_help();

// The exit code for a failed library call.
int exit_code_for(const Error& error);

}  // namespace freshauth::cli
