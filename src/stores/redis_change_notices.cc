#include "stores/redis_change_notices.h"

#include <algorithm>

namespace freshauth::detail {

struct RedisChangeNotices::Waiters {
  struct Waiter {
    std::condition_variable woken;
    bool changed = false;  // a notice since the last wait returned
  };

  void wake_locked(Waiter& waiter) {
    waiter.changed = true;
    waiter.woken.notify_one();
  }
  void wake_all_locked() {
    for (auto& [key, waiter] : by_key) wake_locked(*waiter);
  }

  std::mutex mutex;
  bool heard = false;
  std::unordered_multimap<std::string, Waiter*> by_key;
};

class RedisChangeNotices::Watch final : public ChangeWatch {
 public:
  Watch(std::shared_ptr<Waiters> waiters, std::string record_key, std::chrono::milliseconds poll)
      : waiters_(std::move(waiters)), poll_(poll) {
    const std::lock_guard lock(waiters_->mutex);
    entry_ = waiters_->by_key.emplace(std::move(record_key), &waiter_);
  }
  ~Watch() override {
    const std::lock_guard lock(waiters_->mutex);
    waiters_->by_key.erase(entry_);
  }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  bool wait(Deadline until) override {
    std::unique_lock lock(waiters_->mutex);
    if (!waiters_->heard) until = std::min(until, std::chrono::steady_clock::now() + poll_);
    const bool woken = waiter_.woken.wait_until(lock, until, [this] { return waiter_.changed; });
    waiter_.changed = false;
    return woken;
  }

 private:
  std::shared_ptr<Waiters> waiters_;
  std::chrono::milliseconds poll_;
  Waiters::Waiter waiter_;
  std::unordered_multimap<std::string, Waiters::Waiter*>::iterator entry_;
};

RedisChangeNotices::RedisChangeNotices(redis::Endpoint endpoint, std::string channel)
    : endpoint_(std::move(endpoint)),
      channel_(std::move(channel)),
      waiters_(std::make_shared<Waiters>()) {}

RedisChangeNotices::~RedisChangeNotices() {
  subscriber_.reset();
  const std::lock_guard lock(waiters_->mutex);
  waiters_->heard = false;
  waiters_->wake_all_locked();
}

std::unique_ptr<ChangeWatch> RedisChangeNotices::watch(const std::string& record_key,
                                                       std::chrono::milliseconds poll) {
  std::call_once(started_, [this] {
    redis::SubscriberEvents events;
    events.message = [waiters = waiters_.get()](const std::string& key) {
      const std::lock_guard lock(waiters->mutex);
      const auto [first, last] = waiters->by_key.equal_range(key);
      for (auto it = first; it != last; ++it) waiters->wake_locked(*it->second);
    };
    events.heard = [waiters = waiters_.get()](bool heard) {
      const std::lock_guard lock(waiters->mutex);
      waiters->heard = heard;
      waiters->wake_all_locked();
    };
    subscriber_ = std::make_unique<redis::Subscriber>(endpoint_, channel_, std::move(events));
  });
  return std::make_unique<Watch>(waiters_, record_key, poll);
}

bool RedisChangeNotices::heard() const {
  const std::lock_guard lock(waiters_->mutex);
  return waiters_->heard;
}

}  // namespace freshauth::detail
