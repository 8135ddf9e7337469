#include "freshauth/platform/private_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <system_error>

#include "freshauth/platform/file_errors.h"

namespace freshauth::platform {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int err) { return std::generic_category().message(err); }

fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path{"."};
}

std::string temp_prefix(const fs::path& path) { return "." + path.filename().string() + ".tmp-"; }

// Durability of a rename needs the folder's entry list on disk too.
int fsync_folder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int rc = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return rc;
}

// Temp files of writers that were killed mid-save: named `.<file>.tmp-<pid>-<n>`; removed once
// their process is gone so that crashes do not litter the folder.
void remove_stale_temp_files(const fs::path& path) {
  const fs::path dir = folder_of(path);
  const std::string prefix = temp_prefix(path);
  DIR* listing = ::opendir(dir.c_str());
  if (listing == nullptr) return;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view name = entry->d_name;
    if (!name.starts_with(prefix)) continue;
    const std::string_view rest = name.substr(prefix.size());
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (ec != std::errc{} || pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink((dir / name).c_str());
  }
  ::closedir(listing);
}

// 0 or the errno of the failed write.
int write_all(int fd, std::string_view bytes, const FileWriter& writer) {
  while (!bytes.empty()) {
    const ssize_t written = writer(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

}  // namespace

Result<void> ensure_private_directory(const fs::path& dir) {
  if (dir.empty()) return {};
  struct stat info {};
  if (::stat(dir.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return {};
    return storage_error(dir.string() + " is not a folder; move it away or choose another path");
  }
  if (errno != ENOENT) {
    const int err = errno;
    return storage_error("cannot use folder " + dir.string() + ": " + explain_errno(err, dir));
  }
  if (auto parent = ensure_private_directory(dir.parent_path()); !parent) return parent;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    const int err = errno;
    return storage_error("cannot create folder " + dir.string() + ": " +
                         explain_errno(err, folder_of(dir)));
  }
  return {};
}

Result<void> write_file_atomically(const fs::path& path, std::string_view bytes,
                                   const FileWriter& writer) {
  const fs::path dir = folder_of(path);
  if (auto made = ensure_private_directory(dir); !made) return made;
  remove_stale_temp_files(path);

  static std::atomic<unsigned> counter{0};
  const fs::path temp = dir / (temp_prefix(path) + std::to_string(::getpid()) + "-" +
                               std::to_string(counter.fetch_add(1)));
  const auto failed = [&](const char* step, int err) {
    ::unlink(temp.c_str());
    return storage_error("cannot write " + path.string() + " (" + step +
                         "): " + explain_errno(err, dir) + ". The previous file is unchanged.");
  };

  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return storage_error("cannot create a temporary file in " + dir.string() + ": " +
                         explain_errno(err, dir) + ". The previous file is unchanged.");
  }
  int err = 0;
  const char* step = nullptr;
  if (::fchmod(fd, 0600) != 0) {  // exact mode whatever the umask
    err = errno, step = "chmod";
  } else if (const int write_err = write_all(fd, bytes, writer); write_err != 0) {
    err = write_err, step = "write";
  } else if (::fsync(fd) != 0) {
    err = errno, step = "fsync";
  }
  if (::close(fd) != 0 && err == 0) err = errno, step = "close";
  if (err != 0) return failed(step, err);
  if (::rename(temp.c_str(), path.c_str()) != 0) return failed("rename", errno);
  if (const int sync_err = fsync_folder(dir); sync_err != 0) {
    return storage_error("wrote " + path.string() +
                         " but could not make it durable: " + explain_errno(sync_err, dir));
  }
  return {};
}

Result<void> create_private_file(const fs::path& path) {
  if (auto made = ensure_private_directory(folder_of(path)); !made) return made;
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0) {
    const int err = errno;
    return storage_error("cannot create " + path.string() + ": " +
                         explain_errno(err, folder_of(path)));
  }
  const int err = ::fchmod(fd, 0600) == 0 ? 0 : errno;  // exact mode whatever the umask
  ::close(fd);
  if (err != 0) return storage_error("cannot chmod " + path.string() + ": " + errno_text(err));
  return {};
}

Result<std::optional<std::string>> read_private_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    const int err = errno;
    return storage_error("cannot read " + path.string() + ": " +
                         explain_errno(err, folder_of(path)));
  }
  struct stat info {};
  std::optional<Error> refused;
  if (::fstat(fd, &info) != 0) {
    const int err = errno;
    refused = storage_error("cannot read " + path.string() + ": " + errno_text(err));
  } else if (!S_ISREG(info.st_mode)) {
    refused = storage_error(path.string() + " is not a regular file; remove it and sign in again");
  } else if (info.st_uid != ::geteuid()) {
    // Someone else could have planted it (or could rewrite it): do not trust it with credentials.
    refused = storage_error(path.string() + " holds credentials but belongs to uid " +
                            std::to_string(info.st_uid) + ", not to you (uid " +
                            std::to_string(::geteuid()) +
                            "); remove it (or `chown` it to yourself if it is yours) and sign in "
                            "again");
  } else if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    refused = storage_error(path.string() +
                            " holds credentials but group or others may access "
                            "it (mode " +
                            mode + "); run `chmod 600 " + path.string() +
                            "` (and consider signing in again if others could have read it)");
  }
  std::string contents;
  if (!refused) {
    char buffer[8192];
    for (;;) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        const int err = errno;
        refused = storage_error("cannot read " + path.string() + ": " + errno_text(err));
      }
      if (got <= 0) break;
      contents.append(buffer, static_cast<std::size_t>(got));
    }
  }
  ::close(fd);
  if (refused) return *refused;
  return std::optional<std::string>{std::move(contents)};
}

Result<void> remove_file(const fs::path& path) {
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return {};
    const int err = errno;
    return storage_error("cannot remove " + path.string() + ": " +
                         explain_errno(err, folder_of(path)));
  }
  if (const int err = fsync_folder(folder_of(path)); err != 0) {
    return storage_error("removed " + path.string() +
                         " but could not make it durable: " + errno_text(err));
  }
  return {};
}

}  // namespace freshauth::platform
