#pragma once

#include <sys/types.h>

#include <string>

#include "freshauth/core/error.h"

namespace freshauth::server {

// The filesystem side of a Unix-socket listener: what may already be at its path, the file's
// mode (0600: only the server's user may connect), and its removal by the server that made it.
// The socket itself is Asio's; this only sees its descriptor.
class UnixSocketFile {
 public:
  explicit UnixSocketFile(std::string path) : path_(std::move(path)) {}

  // Before bind. A socket nobody accepts on (left by a process that died) is removed; a socket
  // that another server accepts on, or anything that is not a socket, is refused and left alone.
  Result<void> clear_stale() const;
  // Before bind: on Linux the file is created with the socket's mode, so it is never wider.
  static void narrow_mode_before_bind(int socket_fd);
  // Between bind and listen (no one can connect yet): mode 0600 where the system did not take
  // it from the socket, and remembers which file is this server's.
  Result<void> claim();
  // Removes the file if it is still the one claim() saw (not a later server's at the same path).
  void remove();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool claimed_ = false;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace freshauth::server
