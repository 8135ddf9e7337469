#pragma once

#include <filesystem>
#include <string>

#include "freshauth/core/error.h"

namespace freshauth::platform {

/// An Errc::storage error with `message`.
Error storage_error(std::string message);

/// What errno `err` means, plus what the user can do about it for the folder `dir`.
std::string explain_errno(int err, const std::filesystem::path& dir);

}  // namespace freshauth::platform
