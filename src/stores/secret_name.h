#pragma once

#include <string>

#include "freshauth/core/error.h"

namespace freshauth::detail {

// Secret names become file names and helper input lines: 1-128 of [A-Za-z0-9._-], not starting
// with a dot. Errc::invalid_argument otherwise.
Result<void> check_secret_name(const std::string& name);

}  // namespace freshauth::detail
