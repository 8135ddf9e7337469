#include "freshauth/platform/file_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace freshauth::platform {
namespace {

using std::chrono::milliseconds;
using testing::mode_of;
using testing::TempDir;

TEST(FileLockTest, ASecondHolderGivesUpWhileTheFirstHoldsIt) {
  TempDir dir;
  const auto path = dir / "state/session.lock";
  auto first = lock_file_exclusively(path, milliseconds{1000});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(mode_of(path), 0600);
  auto second = lock_file_exclusively(path, milliseconds{20});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, Errc::storage);
  EXPECT_NE(second.error().message.find("another process holds it"), std::string::npos);
}

TEST(FileLockTest, DestroyingOrMovingTheLockHandsItOn) {
  TempDir dir;
  const auto path = dir / "session.lock";
  {
    auto held = lock_file_exclusively(path, milliseconds{1000});
    ASSERT_TRUE(held.ok());
    FileLock moved = std::move(*held);
    EXPECT_FALSE(lock_file_exclusively(path, milliseconds{10}).ok());
  }
  EXPECT_TRUE(lock_file_exclusively(path, milliseconds{1000}).ok());
}

// Threads of one process exclude each other: never two inside at once.
TEST(FileLockTest, ThreadsOfOneProcessExcludeEachOther) {
  TempDir dir;
  const auto path = dir / "session.lock";
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::atomic<int> inside{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        auto lock = lock_file_exclusively(path, milliseconds{10'000});
        if (!lock.ok()) {
          ++failures;
          continue;
        }
        if (inside.fetch_add(1) != 0) ++overlaps;
        inside.fetch_sub(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(overlaps.load(), 0);
}

}  // namespace
}  // namespace freshauth::platform
