#include "freshauth/redis/subscriber.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <system_error>

#include "redis/connection.h"

namespace freshauth::redis {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{50};
constexpr std::chrono::milliseconds kLastRetry{1000};

// ["message", channel, payload], as Redis pushes a published message to a subscriber.
bool is_message(const Reply& reply) {
  return reply.kind == Reply::Kind::array && reply.elements.size() == 3 &&
         reply.elements[0].text == "message";
}

}  // namespace

Subscriber::Subscriber(Endpoint endpoint, std::string channel, SubscriberEvents events)
    : endpoint_(std::move(endpoint)),
      channel_(std::move(channel)),
      events_(std::move(events)),
      wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  thread_ = std::thread([this] { run(); });
}

Subscriber::~Subscriber() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_.notify_all();
  const std::uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
  thread_.join();
  ::close(wake_fd_);
}

bool Subscriber::pause(std::chrono::milliseconds how_long) {
  std::unique_lock lock(mutex_);
  return !stopping_.wait_for(lock, how_long, [this] { return stop_; });
}

void Subscriber::run() {
  auto retry = kFirstRetry;
  for (;;) {
    {
      const std::lock_guard lock(mutex_);
      if (stop_) return;
    }
    const auto started = std::chrono::steady_clock::now();
    listen();
    // A connection that lasted resets the wait; a server that keeps refusing is asked less often.
    retry = std::chrono::steady_clock::now() - started > kLastRetry
                ? kFirstRetry
                : std::min(retry * 2, kLastRetry);
    if (!pause(retry)) return;
  }
}

void Subscriber::listen() {
  auto connection = Connection::open(endpoint_);
  if (!connection) return;
  auto subscribed = (*connection)->command({"SUBSCRIBE", channel_});
  if (!subscribed) return;
  events_.heard(true);
  bool read_socket = false;  // messages may have come in with the confirmation
  for (;;) {
    auto replies = (*connection)->take_replies(read_socket);
    if (!replies) break;
    for (const Reply& reply : *replies) {
      if (is_message(reply)) events_.message(reply.elements[2].text);
    }
    std::array<pollfd, 2> fds{pollfd{(*connection)->socket(), POLLIN, 0},
                              pollfd{wake_fd_, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    if (fds[1].revents != 0) break;  // stopping
    read_socket = fds[0].revents != 0;
  }
  events_.heard(false);
}

}  // namespace freshauth::redis
