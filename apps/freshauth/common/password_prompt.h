#pragma once

#include <optional>
#include <string>

namespace freshauth::cli {

// Reads a password without echo from the terminal (asked twice when `confirm`), or one line from
// stdin when `from_stdin`. Passwords never come from argv: they would show in `ps` and shell
// history.
std::optional<std::string> read_password(bool from_stdin, bool confirm);

}  // namespace freshauth::cli
