#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "freshauth/platform/process.h"
#include "freshauth/stores/file_session_store.h"
#include "stores/sample_sessions.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using testing::same_session;
using testing::sample_session;
using testing::TempDir;

// A writer killed at a random moment, hundreds of times: the file always holds one whole
// session. The two sessions differ in size so that a torn write could not pass for either.
TEST(FileSessionStoreCrashTest, KilledWriterNeverLeavesATornFile) {
  TempDir dir;
  const auto path = dir / "session.json";
  const Session first = sample_session(1);
  Session second = sample_session(2);
  second.access_token.append(20'000, 'b');
  ASSERT_TRUE(FileSessionStore(path).save(first).ok());

  std::mt19937 random(::testing::UnitTest::GetInstance()->random_seed());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{4};
  int kills = 0;
  int saw_first = 0;
  int saw_second = 0;
  while (kills < 400 && std::chrono::steady_clock::now() < deadline) {
    int started[2];
    ASSERT_EQ(::pipe(started), 0);
    const pid_t writer = ::fork();
    ASSERT_GE(writer, 0);
    if (writer == 0) {
      FileSessionStore store(path);
      (void)!::write(started[1], "s", 1);
      for (;;) {
        (void)store.save(second);
        (void)store.save(first);
      }
    }
    char ready = 0;
    (void)!::read(started[0], &ready, 1);
    ::close(started[0]);
    ::close(started[1]);
    ::usleep(static_cast<useconds_t>(random() % 4000));  // the random moment of the crash
    platform::Process::adopt(writer).kill();
    ++kills;

    auto loaded = FileSessionStore(path).load();
    ASSERT_TRUE(loaded.ok()) << "after kill " << kills << ": " << loaded.error().describe();
    ASSERT_TRUE(loaded->has_value());
    const bool is_first = same_session(**loaded, first);
    const bool is_second = same_session(**loaded, second);
    ASSERT_TRUE(is_first || is_second) << "torn session after kill " << kills;
    (is_first ? saw_first : saw_second)++;
  }
  EXPECT_GE(kills, 50);  // normally 400; fewer only on a badly overloaded machine
  RecordProperty("kills", kills);
  std::cout << kills << " kills: " << saw_first << " first, " << saw_second << " second\n";

  // The next save sweeps the temp files the killed writers left behind.
  ASSERT_TRUE(FileSessionStore(path).save(first).ok());
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

}  // namespace
}  // namespace freshauth
