#pragma once

#include <chrono>
#include <filesystem>

#include "freshauth/core/error.h"

namespace freshauth::platform {

/// An exclusive flock(2) on a lock file, held until destroyed (or moved from).
class FileLock {
 public:
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  friend Result<FileLock> lock_file_exclusively(const std::filesystem::path& lock_path,
                                                std::chrono::milliseconds timeout);
  explicit FileLock(int fd) : fd_(fd) {}

  int fd_ = -1;
};

/// Waits until this open file description holds flock(LOCK_EX) on `lock_path` (created 0600 if
/// missing), or `timeout` passes (a storage error: a stopped or hung process holds it). A fresh
/// descriptor per call, so threads of one process exclude each other too.
Result<FileLock> lock_file_exclusively(const std::filesystem::path& lock_path,
                                       std::chrono::milliseconds timeout);

}  // namespace freshauth::platform
