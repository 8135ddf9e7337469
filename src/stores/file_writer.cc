#include "freshauth/stores/file_writer.h"

#include <unistd.h>

namespace freshauth {

FileWriter system_file_writer() {
  return [](int fd, const void* data, std::size_t size) { return ::write(fd, data, size); };
}

}  // namespace freshauth
