#include "curl/curl_handle_pool.h"

#include <stdexcept>

namespace freshauth::detail {

CurlEasy CurlHandlePool::acquire() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      CurlEasy handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  CurlEasy handle{curl_easy_init()};
  if (!handle) throw std::runtime_error("curl_easy_init failed");
  return handle;
}

void CurlHandlePool::release(CurlEasy handle) {
  {
    const std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(std::move(handle));
      return;
    }
  }
  handle.reset();  // outside the lock: closing connections can take a moment
}

}  // namespace freshauth::detail
