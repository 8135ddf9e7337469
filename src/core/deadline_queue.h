#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <stop_token>
#include <thread>
#include <utility>
#include <vector>

#include "freshauth/core/clock.h"

namespace freshauth::detail {

// One timer for many deadlines: a thread that sleeps on the clock until the earliest one and then
// hands every due payload to `on_due`, in deadline order. Nothing is cancelled: whoever handles a
// payload checks that it still matters, so a stale one costs a heap entry until it falls due.
template <class Payload>
class DeadlineQueue {
 public:
  using Handler = std::function<void(std::vector<Payload>)>;

  DeadlineQueue(std::shared_ptr<const Clock> clock, Handler on_due)
      : clock_(std::move(clock)),
        on_due_(std::move(on_due)),
        thread_([this](const std::stop_token& stop) { run(stop); }) {}

  ~DeadlineQueue() { stop(); }

  // Stops the thread: nothing falls due afterwards, though schedule() still accepts items.
  void stop() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
  }
  DeadlineQueue(const DeadlineQueue&) = delete;
  DeadlineQueue& operator=(const DeadlineQueue&) = delete;

  void schedule(TimePoint when, Payload payload) {
    const std::lock_guard lock(mutex_);
    heap_.push(Item{when, next_sequence_++, std::move(payload)});
    if (when < sleeping_until_) wake_.request_stop();
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return heap_.size();
  }

 private:
  // How long the thread sleeps with nothing scheduled; a bound, so no clock sees TimePoint::max.
  static constexpr std::chrono::hours kIdleSleep{1};

  struct Item {
    TimePoint when;
    std::uint64_t sequence;  // equal deadlines fall due in the order they were scheduled
    Payload payload;
    bool operator>(const Item& other) const {
      return when != other.when ? when > other.when : sequence > other.sequence;
    }
  };

  void run(const std::stop_token& stop) {
    const std::stop_callback wake_on_stop(stop, [this] {
      const std::lock_guard lock(mutex_);
      wake_.request_stop();
    });
    while (!stop.stop_requested()) {
      std::stop_token wake;
      TimePoint until;
      {
        const std::lock_guard lock(mutex_);
        if (stop.stop_requested()) return;
        wake_ = std::stop_source{};
        wake = wake_.get_token();
        until = heap_.empty() ? clock_->now() + kIdleSleep : heap_.top().when;
        sleeping_until_ = until;
      }
      clock_->sleep_until(until, wake);
      std::vector<Payload> due;
      {
        const std::lock_guard lock(mutex_);
        sleeping_until_ = TimePoint::min();  // awake: the next round reads the heap again
        const TimePoint now = clock_->now();
        while (!heap_.empty() && heap_.top().when <= now) {
          due.push_back(std::move(const_cast<Item&>(heap_.top()).payload));
          heap_.pop();
        }
      }
      if (!due.empty()) on_due_(std::move(due));
    }
  }

  const std::shared_ptr<const Clock> clock_;
  const Handler on_due_;
  mutable std::mutex mutex_;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap_;
  std::uint64_t next_sequence_ = 0;
  TimePoint sleeping_until_ = TimePoint::min();
  std::stop_source wake_;
  std::jthread thread_;  ///< last: started once everything it reads exists
};

}  // namespace freshauth::detail
