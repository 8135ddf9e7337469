#include "server/watchdog.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>

namespace freshauth::server {
namespace {

using namespace std::chrono_literals;
using Clock = Watchdog::Clock;

// Each test runs the context until it has nothing left to do, within this bound: a wake that
// should have come at once and did not fails the test instead of hanging it.
constexpr auto kRunBound = 10s;

// What a connection would be: it owns the watchdog and hears when a deadline passed.
struct Owner {
  explicit Owner(boost::asio::io_context& io, Clock::duration slack)
      : watchdog(io.get_executor(), slack) {}
  void on_deadline() {
    ++deadlines;
    noticed_at = Clock::now();
  }
  Watchdog watchdog;
  int deadlines = 0;
  std::optional<Clock::time_point> noticed_at;
};

void run_until_idle(boost::asio::io_context& io) {
  io.run_for(kRunBound);
  ASSERT_TRUE(io.stopped()) << "the watchdog still had a wake pending after " << kRunBound.count()
                            << " s";
}

TEST(Watchdog, ADeadlineThatPassesIsNoticedOnceAndNotBefore) {
  boost::asio::io_context io;
  auto owner = std::make_shared<Owner>(io, 0ms);
  const auto deadline = Clock::now() + 5ms;
  owner->watchdog.expect(deadline, owner);
  run_until_idle(io);
  EXPECT_EQ(owner->deadlines, 1);
  ASSERT_TRUE(owner->noticed_at);
  EXPECT_GE(*owner->noticed_at, deadline);
}

TEST(Watchdog, NothingIsNoticedOnceRelaxed) {
  boost::asio::io_context io;
  auto owner = std::make_shared<Owner>(io, 0ms);
  owner->watchdog.expect(Clock::now() + 5ms, owner);
  owner->watchdog.relax();
  run_until_idle(io);  // the wake came and found nothing awaited
  EXPECT_EQ(owner->deadlines, 0);
}

TEST(Watchdog, ALaterDeadlineMovesTheNoticeLater) {
  boost::asio::io_context io;
  auto owner = std::make_shared<Owner>(io, 0ms);
  owner->watchdog.expect(Clock::now() + 2ms, owner);
  const auto later = Clock::now() + 30ms;
  owner->watchdog.expect(later, owner);  // recorded only: the first wake re-arms for it
  run_until_idle(io);
  EXPECT_EQ(owner->deadlines, 1);
  ASSERT_TRUE(owner->noticed_at);
  EXPECT_GE(*owner->noticed_at, later);
}

TEST(Watchdog, AnEarlierDeadlineBeyondTheSlackReArmsTheWake) {
  boost::asio::io_context io;
  auto owner = std::make_shared<Owner>(io, 1ms);
  owner->watchdog.expect(Clock::now() + 1h, owner);
  owner->watchdog.expect(Clock::now() + 2ms, owner);
  // Left at an hour, the wake would not come within kRunBound.
  run_until_idle(io);
  EXPECT_EQ(owner->deadlines, 1);
}

TEST(Watchdog, StopLetsGoOfTheOwnerAtOnce) {
  boost::asio::io_context io;
  auto owner = std::make_shared<Owner>(io, 0ms);
  owner->watchdog.expect(Clock::now() + 1h, owner);
  EXPECT_GT(owner.use_count(), 1);
  owner->watchdog.stop();
  run_until_idle(io);  // the cancelled wake completes without waiting for its hour
  EXPECT_EQ(owner.use_count(), 1);
  EXPECT_EQ(owner->deadlines, 0);
}

TEST(Watchdog, ADeadlineSetAgainAfterOneWasNoticedIsNoticedToo) {
  boost::asio::io_context io;
  auto owner = std::make_shared<Owner>(io, 0ms);
  owner->watchdog.expect(Clock::now() + 1ms, owner);
  run_until_idle(io);
  io.restart();
  owner->watchdog.expect(Clock::now() + 1ms, owner);
  run_until_idle(io);
  EXPECT_EQ(owner->deadlines, 2);
}

TEST(Watchdog, TheSlackIsAnEighthOfTheShortestTimeout) {
  EXPECT_EQ(Watchdog::slack_for({10s, 800ms, 30s}), 100ms);
}

}  // namespace
}  // namespace freshauth::server
