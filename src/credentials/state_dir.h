#pragma once

#include <filesystem>

#include "freshauth/core/error.h"

namespace freshauth::cli {

// What a profile keeps in its state folder (mode 0700; files 0600).
struct StateLayout {
  std::filesystem::path dir;

  std::filesystem::path session_file() const { return dir / "session.json"; }
  std::filesystem::path login_record() const { return dir / "login.json"; }
};

// Creates `root` and `dir` (and missing parents) with mode 0700 when `create`; refuses either
// when it exists and group or others may enter it, saying how to fix that. Without `create`,
// missing folders are fine (nothing has been stored yet).
Result<void> prepare_state_dirs(const std::filesystem::path& root, const std::filesystem::path& dir,
                                bool create);

}  // namespace freshauth::cli
