#include "freshauth/stores/file_session_store.h"

#include "stores/file_lock.h"
#include "stores/private_file.h"
#include "stores/session_json.h"

namespace freshauth {

FileSessionStore::FileSessionStore(std::filesystem::path path, FileWriter writer,
                                   std::chrono::milliseconds lock_timeout)
    : path_(std::move(path)), writer_(std::move(writer)), lock_timeout_(lock_timeout) {}

Result<std::optional<Session>> FileSessionStore::load() {
  auto contents = detail::read_private_file(path_);
  if (!contents) return contents.error();
  if (!*contents) return std::optional<Session>{};
  auto session = detail::session_from_json(**contents, path_.string());
  if (!session) return session.error();
  return std::optional<Session>{std::move(*session)};
}

Result<void> FileSessionStore::save(const Session& session) {
  return detail::write_file_atomically(path_, detail::session_to_json(session), writer_);
}

Result<void> FileSessionStore::clear() { return detail::remove_file(path_); }

Result<std::unique_ptr<StoreLock>> FileSessionStore::lock_for_refresh() {
  return detail::lock_file_exclusively(path_.string() + ".lock", lock_timeout_);
}

}  // namespace freshauth
