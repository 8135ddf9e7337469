#pragma once

#include <functional>
#include <optional>
#include <string>

namespace freshauth {

/// Reads an environment variable; nullopt when unset or empty. Injected so that tests (and
/// services with their own configuration) can resolve a profile without the process environment.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (getenv).
Environment process_environment();

}  // namespace freshauth
