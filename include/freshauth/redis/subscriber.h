#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "freshauth/redis/endpoint.h"

namespace freshauth::redis {

/// What a Subscriber tells its owner, on the subscriber's own thread.
struct SubscriberEvents {
  /// A message published on the channel.
  std::function<void(const std::string& message)> message;
  /// Subscribed (true: messages are heard from now on), or the connection was lost (false:
  /// messages published until the next true are not heard).
  std::function<void(bool heard)> heard;
};

/// Listens to one Redis pub/sub channel on a connection of its own (AUTH and SELECT as the
/// endpoint says) and a thread of its own, reconnecting after the server went away. Pub/sub is
/// fire and forget: a message published while it is not subscribed is lost, which `heard`
/// says. The destructor stops the thread without waiting on the server, except for a connection
/// attempt under way (bounded by the endpoint's connect timeout).
class Subscriber {
 public:
  Subscriber(Endpoint endpoint, std::string channel, SubscriberEvents events);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

 private:
  void run();
  // One connection's life: subscribes, hands on messages until the connection fails or stop.
  void listen();
  // False when stopped meanwhile.
  bool pause(std::chrono::milliseconds how_long);

  Endpoint endpoint_;
  std::string channel_;
  SubscriberEvents events_;
  int wake_fd_;  // an eventfd, written to stop the thread's poll(2)
  std::mutex mutex_;
  std::condition_variable stopping_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace freshauth::redis
