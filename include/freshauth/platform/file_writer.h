#pragma once

#include <sys/types.h>

#include <cstddef>
#include <functional>

namespace freshauth::platform {

/// Writes like `write(2)`: returns the number of bytes written, or -1 with errno set. File writers
/// take one so that tests can make a disk "fill up" halfway through a save.
using FileWriter = std::function<ssize_t(int fd, const void* data, std::size_t size)>;

/// `write(2)` itself.
FileWriter system_file_writer();

}  // namespace freshauth::platform
