#include "freshauth/stores/file_session_store.h"

#include "freshauth/platform/file_lock.h"
#include "freshauth/platform/private_file.h"
#include "stores/session_json.h"

namespace freshauth {

FileSessionStore::FileSessionStore(std::filesystem::path path, platform::FileWriter writer,
                                   std::chrono::milliseconds lock_timeout)
    : path_(std::move(path)), writer_(std::move(writer)), lock_timeout_(lock_timeout) {}

Result<std::optional<Session>> FileSessionStore::load() {
  auto contents = platform::read_private_file(path_);
  if (!contents) return contents.error();
  if (!*contents) return std::optional<Session>{};
  auto session = detail::session_from_json(**contents, path_.string());
  if (!session) return session.error();
  return std::optional<Session>{std::move(*session)};
}

Result<void> FileSessionStore::save(const Session& session) {
  return platform::write_file_atomically(path_, detail::session_to_json(session), writer_);
}

Result<void> FileSessionStore::clear() { return platform::remove_file(path_); }

namespace {

class FileStoreLock final : public StoreLock {
 public:
  explicit FileStoreLock(platform::FileLock lock) : lock_(std::move(lock)) {}

 private:
  platform::FileLock lock_;
};

}  // namespace

Result<std::unique_ptr<StoreLock>> FileSessionStore::lock_for_refresh() {
  auto lock = platform::lock_file_exclusively(path_.string() + ".lock", lock_timeout_);
  if (!lock) return lock.error();
  return std::unique_ptr<StoreLock>{std::make_unique<FileStoreLock>(std::move(*lock))};
}

}  // namespace freshauth
