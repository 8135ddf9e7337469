#pragma once

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>

// The deadline of whatever a connection waits for (a request, a body, an answer, a write), kept in
// one timer that is rarely touched. A timer armed for each read and write costs a timer-queue
// insertion, a cancellation and one more handler per operation: a large share of a proxied
// request. Here a deadline later than the pending wake is only recorded (the wake re-arms for it);
// an earlier one re-arms the timer only when it is more than `slack` earlier, so a deadline is
// noticed at most `slack` late. Not thread-safe: use it on its owner's executor (strand).
namespace freshauth::server {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  Watchdog(const boost::asio::any_io_executor& executor, Clock::duration slack)
      : timer_(executor), slack_(slack) {}

  // The slack for an owner with these timeouts: an eighth of the shortest.
  static Clock::duration slack_for(std::initializer_list<Clock::duration> timeouts) {
    return std::min(timeouts) / 8;
  }

  // Owner::on_deadline() runs on the executor once `deadline` has passed, unless relax(), stop()
  // or another expect() comes first. The pending wake holds `owner`.
  template <class Owner>
  void expect(Clock::time_point deadline, const std::shared_ptr<Owner>& owner) {
    deadline_ = deadline;
    expecting_ = true;
    if (!armed_ || deadline + slack_ < wakes_at_) arm(deadline, owner);
  }

  // Nothing is awaited now. A pending wake stays armed and finds nothing to do: cheaper than a
  // cancellation when the next expect() follows soon.
  void relax() { expecting_ = false; }

  // Cancels the pending wake, so that it lets go of its owner at once (the connection closes).
  void stop() {
    expecting_ = false;
    armed_ = false;
    ++generation_;
    timer_.cancel();
  }

 private:
  template <class Owner>
  void arm(Clock::time_point at, const std::shared_ptr<Owner>& owner) {
    wakes_at_ = at;
    armed_ = true;
    const std::uint64_t generation = ++generation_;
    timer_.expires_at(at);  // cancels the previous wake, which then sees a newer generation
    timer_.async_wait([this, owner, generation](const boost::system::error_code& ec) {
      if (generation != generation_) return;
      armed_ = false;
      if (ec || !expecting_) return;
      if (Clock::now() < deadline_) return arm(deadline_, owner);
      expecting_ = false;
      owner->on_deadline();
    });
  }

  boost::asio::steady_timer timer_;
  const Clock::duration slack_;
  Clock::time_point deadline_{};
  Clock::time_point wakes_at_{};
  bool expecting_ = false;
  bool armed_ = false;
  std::uint64_t generation_ = 0;
};

}  // namespace freshauth::server
