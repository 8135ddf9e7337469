#pragma once

#include <chrono>
#include <filesystem>

#include "freshauth/core/session_store.h"
#include "freshauth/platform/file_writer.h"

namespace freshauth {

/// Keeps the session in one JSON file (mode 0600) that several processes may share.
///  - save() writes a temporary file beside the target, fsyncs it, renames it over the target and
///    fsyncs the folder: after a crash the file holds the old session or the new one, never a mix.
///  - load() refuses a file that group or others may read or write.
///  - lock_for_refresh() takes flock(LOCK_EX) on `<file>.lock`, a separate file because the
///    session file itself is replaced by every save and a lock on a replaced inode locks nothing.
///    It gives up after `lock_timeout` (default 30 s, three times a refresh call's own timeout), so
///    a stopped process holding the lock costs an uncoordinated refresh, not a hang.
/// A missing folder is created with mode 0700 on the first save. Times are stored as integer
/// epoch milliseconds (sub-millisecond precision is dropped).
class FileSessionStore final : public SessionStore {
 public:
  explicit FileSessionStore(std::filesystem::path path,
                            platform::FileWriter writer = platform::system_file_writer(),
                            std::chrono::milliseconds lock_timeout = std::chrono::seconds{30});

  Result<std::optional<Session>> load() override;
  Result<void> save(const Session& session) override;
  Result<void> clear() override;
  Result<std::unique_ptr<StoreLock>> lock_for_refresh() override;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  platform::FileWriter writer_;
  std::chrono::milliseconds lock_timeout_;
};

}  // namespace freshauth
