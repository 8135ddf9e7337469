#include "credentials/state_dir.h"

#include <sys/stat.h>

#include "freshauth/platform/private_file.h"

namespace freshauth {
namespace {

Result<void> check_private(const std::filesystem::path& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) return {};
  if (!S_ISDIR(info.st_mode)) {
    return Error{Errc::storage, dir.string() + " is not a folder: move it away", {}};
  }
  if ((info.st_mode & 077) != 0) {
    return Error{Errc::storage,
                 "the state folder " + dir.string() +
                     " may be entered by group or others; run `chmod 700 " + dir.string() + "`",
                 {}};
  }
  return {};
}

}  // namespace

Result<void> prepare_state_dirs(const std::filesystem::path& root, const std::filesystem::path& dir,
                                bool create) {
  for (const auto& folder : {root, dir}) {
    if (create) {
      if (auto made = platform::ensure_private_directory(folder); !made) return made;
    }
    if (auto checked = check_private(folder); !checked) return checked;
  }
  return {};
}

}  // namespace freshauth
