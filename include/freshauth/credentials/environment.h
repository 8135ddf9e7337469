#pragma once

#include <functional>
#include <optional>
#include <string>

namespace freshauth::cli {

// Reads an environment variable; nullopt when unset or empty. Injected so that tests can resolve
// settings without touching the process environment.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

Environment process_environment();

}  // namespace freshauth::cli
