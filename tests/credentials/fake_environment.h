#pragma once

#include <map>
#include <string>

#include "freshauth/credentials/environment.h"

namespace freshauth::testing {

// An Environment over a fixed map, so tests never touch the process environment.
inline Environment environment_of(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    const auto found = variables.find(name);
    if (found == variables.end() || found->second.empty()) return std::nullopt;
    return found->second;
  };
}

}  // namespace freshauth::testing
