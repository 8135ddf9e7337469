#pragma once

#include <filesystem>

#include "freshauth/core/error.h"

namespace freshauth {

// Creates `root` and `dir` (and missing parents) with mode 0700 when `create`; refuses either
// when it exists and group or others may enter it, saying how to fix that. Without `create`,
// missing folders are fine (nothing has been stored yet).
Result<void> prepare_state_dirs(const std::filesystem::path& root, const std::filesystem::path& dir,
                                bool create);

}  // namespace freshauth
