#pragma once

#include <string_view>

#include "freshauth/core/error.h"

namespace freshauth {

// A profile name becomes a folder name under the state directory: 1-64 characters from
// [A-Za-z0-9._-], not starting with '.'.
Result<void> check_profile_name(std::string_view name);

}  // namespace freshauth
