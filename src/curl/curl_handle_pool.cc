#include "curl/curl_handle_pool.h"

namespace freshauth::detail {

std::unique_ptr<ConfiguredEasy> CurlHandlePool::acquire() {
  const std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  std::unique_ptr<ConfiguredEasy> handle = std::move(idle_.back());
  idle_.pop_back();
  return handle;
}

void CurlHandlePool::release(std::unique_ptr<ConfiguredEasy> handle) {
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
