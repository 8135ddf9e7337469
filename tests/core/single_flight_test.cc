#include "freshauth/core/single_flight.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

namespace freshauth {
namespace {

TEST(SingleFlightTest, InlineWorkRunsAndEndsTheFlight) {
  SingleFlight<int> flight;
  auto ticket = flight.join_or_start([] { return 7; }, inline_executor());
  EXPECT_TRUE(ticket.started);
  EXPECT_EQ(ticket.outcome.get(), 7);
  EXPECT_FALSE(flight.in_flight());
}

TEST(SingleFlightTest, ConcurrentCallersShareOneRun) {
  SingleFlight<int> flight;
  std::atomic<int> runs{0};
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  WorkerThread worker;
  constexpr int kCallers = 200;
  std::latch joined(kCallers);
  std::vector<std::jthread> threads;
  std::atomic<int> sum{0};
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&] {
      auto ticket = flight.join_or_start(
          [&] {
            ++runs;
            opened.wait();
            return 5;
          },
          worker.executor());
      joined.count_down();
      sum += ticket.outcome.get();
    });
  }
  joined.wait();
  gate.set_value();
  threads.clear();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(sum, 5 * kCallers);
}

TEST(SingleFlightTest, ExceptionReachesEveryCaller) {
  SingleFlight<int> flight;
  auto ticket =
      flight.join_or_start([]() -> int { throw std::runtime_error("boom"); }, inline_executor());
  EXPECT_THROW(ticket.outcome.get(), std::runtime_error);
  EXPECT_FALSE(flight.in_flight());
}

TEST(SingleFlightTest, NextCallAfterAFlightStartsANewOne) {
  SingleFlight<int> flight;
  int runs = 0;
  (void)flight.join_or_start([&] { return ++runs; }, inline_executor()).outcome.get();
  EXPECT_EQ(flight.join_or_start([&] { return ++runs; }, inline_executor()).outcome.get(), 2);
}

}  // namespace
}  // namespace freshauth
