#include "verify/per_cpu_read_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace freshauth {
namespace {

// Writers keep two plain counters equal; readers must never see them differ. Without mutual
// exclusion ThreadSanitizer reports the race, and a torn read shows as a mismatch.
TEST(PerCpuReadLockTest, WritersExcludeReadersAndEachOther) {
  PerCpuReadLock lock;
  long first = 0;
  long second = 0;
  std::atomic<int> torn{0};
  {
    std::vector<std::jthread> threads;
    threads.reserve(6);
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 2000; ++i) {
          const PerCpuReadLock::WriteGuard guard(lock);
          ++first;
          ++second;
        }
      });
    }
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 5000; ++i) {
          const PerCpuReadLock::ReadGuard guard(lock);
          if (first != second) ++torn;
        }
      });
    }
  }
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(first, 4000);
}

}  // namespace
}  // namespace freshauth
