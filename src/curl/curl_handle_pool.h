#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "curl/configured_easy.h"

namespace freshauth::detail {

// Configured easy handles, each with its keep-alive connections, lent out one call at a time.
// Keeps at most `max_idle` handles; the rest are closed when returned, so a burst does not leave
// sockets open.
class CurlHandlePool {
 public:
  explicit CurlHandlePool(std::size_t max_idle) : max_idle_(max_idle) {}

  // An idle handle, or nullptr when every handle is lent out.
  std::unique_ptr<ConfiguredEasy> acquire();
  void release(std::unique_ptr<ConfiguredEasy> handle);

 private:
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<ConfiguredEasy>> idle_;
};

}  // namespace freshauth::detail
