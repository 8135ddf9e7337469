#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "freshauth/core/change_watch.h"
#include "freshauth/redis/endpoint.h"
#include "freshauth/redis/subscriber.h"

namespace freshauth::detail {

// The notices RedisSessionTableStore's scripts publish (the Redis key of the session's record,
// on one channel per prefix), heard on one subscriber connection and handed to the watches
// waiting on that record. While the subscriber is not subscribed (not yet, or reconnecting), a
// watch falls back to its poll interval; when it subscribes again, or loses its connection,
// every watch is woken, since a notice may have been missed. The subscriber starts with the
// first watch.
class RedisChangeNotices {
 public:
  RedisChangeNotices(redis::Endpoint endpoint, std::string channel);
  // Stops the subscriber and wakes every watch still waiting; later waits only poll.
  ~RedisChangeNotices();
  RedisChangeNotices(const RedisChangeNotices&) = delete;
  RedisChangeNotices& operator=(const RedisChangeNotices&) = delete;

  std::unique_ptr<ChangeWatch> watch(const std::string& record_key, std::chrono::milliseconds poll);
  // Whether notices are heard now.
  bool heard() const;

 private:
  class Watch;
  // What the subscriber's thread and the watches share; outlives this object while a watch does.
  struct Waiters;

  redis::Endpoint endpoint_;
  std::string channel_;
  std::shared_ptr<Waiters> waiters_;
  std::once_flag started_;
  std::unique_ptr<redis::Subscriber> subscriber_;
};

}  // namespace freshauth::detail
