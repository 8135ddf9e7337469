#pragma once

#include <optional>
#include <string>

#include "common/command_context.h"

namespace freshauth::cli {

// Reads a password from the context's input: prompted for without echo when it is a terminal
// (asked twice when `confirm`), or one line when `from_stdin`. Passwords never come from argv: they
// would show in `ps` and shell history.
std::optional<std::string> read_password(CommandContext& context, bool from_stdin, bool confirm);

}  // namespace freshauth::cli
