#include "server/unix_socket_file.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace freshauth::server {
namespace {

constexpr mode_t kOwnerOnly = 0600;

std::string last_system_error() {
  return std::error_code{errno, std::generic_category()}.message();
}

Error refusal(const std::string& path, const std::string& why) {
  return Error{Errc::invalid_argument, "listen on unix:" + path + ": " + why, {}};
}

// Whether a server accepts connections on the socket at `path`: ECONNREFUSED means the file
// outlived its process.
bool someone_accepts_on(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const bool connected =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

Result<void> UnixSocketFile::clear_stale() const {
  if (path_.empty()) return refusal(path_, "the path is empty");
  if (path_.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return refusal(path_, "the path is longer than a Unix socket address holds (" +
                              std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) + " bytes)");
  }
  struct stat info {};
  if (::lstat(path_.c_str(), &info) != 0) {
    if (errno == ENOENT) return {};
    return refusal(path_, last_system_error());
  }
  if (!S_ISSOCK(info.st_mode)) {
    return refusal(path_, "the path exists and is not a socket; it is left as it is");
  }
  if (someone_accepts_on(path_)) return refusal(path_, "another server is listening there");
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return refusal(path_, std::string{"cannot remove the stale socket: "} + last_system_error());
  }
  return {};
}

void UnixSocketFile::narrow_mode_before_bind(int socket_fd) {
  (void)::fchmod(socket_fd, kOwnerOnly);
}

Result<void> UnixSocketFile::claim() {
  struct stat info {};
  if (::chmod(path_.c_str(), kOwnerOnly) != 0 || ::lstat(path_.c_str(), &info) != 0) {
    return refusal(path_, std::string{"cannot make the socket 0600: "} + last_system_error());
  }
  claimed_ = true;
  device_ = info.st_dev;
  inode_ = info.st_ino;
  return {};
}

void UnixSocketFile::remove() {
  if (!claimed_) return;
  claimed_ = false;
  struct stat info {};
  if (::lstat(path_.c_str(), &info) == 0 && S_ISSOCK(info.st_mode) && info.st_dev == device_ &&
      info.st_ino == inode_) {
    ::unlink(path_.c_str());
  }
}

}  // namespace freshauth::server
