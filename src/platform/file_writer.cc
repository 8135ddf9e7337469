#include "freshauth/platform/file_writer.h"

#include <unistd.h>

namespace freshauth::platform {

FileWriter system_file_writer() {
  return [](int fd, const void* data, std::size_t size) { return ::write(fd, data, size); };
}

}  // namespace freshauth::platform
