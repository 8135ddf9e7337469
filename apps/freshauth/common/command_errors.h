#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

namespace freshauth::cli {

// Prints "freshauth <command>: <what went wrong>: <what to do next>" on `err` and returns the
// exit code for it (exit_codes.h). Library messages never hold a token or a password.
int report_failure(std::ostream& err, std::string_view command, const Error& error,
                   const std::string& profile);

// A bad flag or setting: prints it and returns kExitUsage.
int report_usage(std::ostream& err, std::string_view command, const std::string& message);

// "what to do next" for an error, or empty.
std::string next_step(const Error& error, const std::string& profile);

}  // namespace freshauth::cli
