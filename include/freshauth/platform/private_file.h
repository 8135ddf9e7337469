#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/platform/file_writer.h"

/// Files that hold credentials: created 0600, replaced atomically, refused when others can read.
namespace freshauth::platform {

/// Creates `dir` and any missing parents with mode 0700; an existing folder is left as it is.
Result<void> ensure_private_directory(const std::filesystem::path& dir);

/// Replaces `path` with `bytes`: temp file (O_EXCL, 0600) in the same folder, write, fsync,
/// rename, fsync the folder. On failure the previous file is untouched and the temp is removed.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                   const FileWriter& writer = system_file_writer());

/// Creates `path` empty with mode 0600 if it does not exist (an existing file keeps its contents
/// and is set to 0600), for files another library fills, such as a database.
Result<void> create_private_file(const std::filesystem::path& path);

/// The file's contents, or nullopt when it (or its folder) does not exist. Refuses a file whose
/// mode lets group or others in, with the chmod that fixes it.
Result<std::optional<std::string>> read_private_file(const std::filesystem::path& path);

/// Removes `path` (absent is fine) and makes the removal durable.
Result<void> remove_file(const std::filesystem::path& path);

}  // namespace freshauth::platform
