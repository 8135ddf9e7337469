#include "freshauth/platform/file_errors.h"

#include <cerrno>
#include <system_error>

namespace freshauth::platform {
namespace fs = std::filesystem;

Error storage_error(std::string message) { return Error{Errc::storage, std::move(message), {}}; }

std::string explain_errno(int err, const fs::path& dir) {
  std::string text = std::generic_category().message(err) + "; ";
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return text + "free some space on the file system holding " + dir.string();
    case EACCES:
    case EPERM:
      return text + "make " + dir.string() + " writable by this user, or choose another path";
    case EROFS:
      return text + dir.string() + " is on a read-only file system; choose another path";
    case EFBIG:
      return text + "the file is larger than allowed; check `ulimit -f` and disk quotas";
    default:
      return text + "check " + dir.string();
  }
}

}  // namespace freshauth::platform
