#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "freshauth/server/async_handler.h"

namespace freshauth::testing {

// An asynchronous handler that answers only when the test says so: requests stay in flight
// (holding a connection, not a thread) while the test lines up other events, without a sleep.
class ParkedResponders {
 public:
  server::AsyncHandler handler() {
    return [this](server::ServerRequest, server::Responder respond) {
      const std::lock_guard lock{mutex_};
      parked_.push_back(std::move(respond));
      arrived_.notify_all();
    };
  }
  [[nodiscard]] bool wait_for(std::size_t count,
                              std::chrono::seconds deadline = std::chrono::seconds{30}) {
    std::unique_lock lock{mutex_};
    return arrived_.wait_for(lock, deadline, [&] { return parked_.size() >= count; });
  }
  // Every responder parked so far, for the test to call (or not) when and where it likes.
  std::vector<server::Responder> take() {
    const std::lock_guard lock{mutex_};
    return std::move(parked_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<server::Responder> parked_;
};

}  // namespace freshauth::testing
