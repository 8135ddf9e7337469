#include "freshauth/platform/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <utility>

#include "freshauth/platform/file_errors.h"
#include "freshauth/platform/private_file.h"

namespace freshauth::platform {

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
}

Result<FileLock> lock_file_exclusively(const std::filesystem::path& lock_path,
                                       std::chrono::milliseconds timeout) {
  const auto dir = lock_path.has_parent_path() ? lock_path.parent_path() : ".";
  if (auto made = ensure_private_directory(dir); !made) return made.error();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return storage_error("cannot open lock file " + lock_path.string() + ": " +
                         explain_errno(err, dir));
  }
  // flock has no timed form: poll, backing off from 1 ms to 25 ms. The holder is normally
  // another process in the middle of one refresh call, a few milliseconds.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds{1};
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) {
      ::close(fd);
      return storage_error("cannot lock " + lock_path.string() + ": " + explain_errno(err, dir));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(fd);
      return storage_error("gave up after " + std::to_string(timeout.count()) + " ms waiting for " +
                           lock_path.string() +
                           ": another process holds it (a stopped or hung freshauth? `fuser " +
                           lock_path.string() + "` names it)");
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds{25});
  }
  return FileLock{fd};
}

}  // namespace freshauth::platform
