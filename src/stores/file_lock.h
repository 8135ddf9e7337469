#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "freshauth/core/session_store.h"

namespace freshauth::detail {

// Waits until this open file description holds flock(LOCK_EX) on `lock_path` (created 0600 if
// missing), or `timeout` passes (a storage error: a stopped or hung process holds it). A fresh
// descriptor per call, so threads of one process exclude each other too.
Result<std::unique_ptr<StoreLock>> lock_file_exclusively(const std::filesystem::path& lock_path,
                                                         std::chrono::milliseconds timeout);

}  // namespace freshauth::detail
