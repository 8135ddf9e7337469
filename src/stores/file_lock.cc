#include "stores/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "stores/private_file.h"

namespace freshauth::detail {
namespace {

class FlockLock final : public StoreLock {
 public:
  explicit FlockLock(int fd) : fd_(fd) {}
  ~FlockLock() override { ::close(fd_); }  // closing the last descriptor releases the lock
  FlockLock(const FlockLock&) = delete;
  FlockLock& operator=(const FlockLock&) = delete;

 private:
  int fd_;
};

}  // namespace

Result<std::unique_ptr<StoreLock>> lock_file_exclusively(const std::filesystem::path& lock_path) {
  const auto dir = lock_path.has_parent_path() ? lock_path.parent_path() : ".";
  if (auto made = ensure_private_directory(dir); !made) return made.error();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return storage_error("cannot open lock file " + lock_path.string() + ": " +
                         explain_errno(err, dir));
  }
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd);
    return storage_error("cannot lock " + lock_path.string() + ": " + explain_errno(err, dir));
  }
  return std::unique_ptr<StoreLock>{std::make_unique<FlockLock>(fd)};
}

}  // namespace freshauth::detail
