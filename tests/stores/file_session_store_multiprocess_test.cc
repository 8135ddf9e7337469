// Forks: built without ThreadSanitizer (default SANITIZER), and the parent starts no threads.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <csignal>
#include <vector>

#include "freshauth/core/session_engine.h"
#include "freshauth/platform/process.h"
#include "freshauth/stores/file_session_store.h"
#include "support/fake_authenticator.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::FakeAuthenticator;
using testing::TempDir;

// Every wait for a child ends by then: a regression fails instead of hanging.
constexpr std::chrono::seconds kChildTimeout{60};

// Counts refresh calls across processes by appending one byte per call to a shared file
// (O_APPEND writes of one byte are atomic), and takes long enough for the others to pile up.
class CountingAuthenticator final : public FakeAuthenticator {
 public:
  CountingAuthenticator(const Clock& clock, std::filesystem::path counter)
      : FakeAuthenticator(clock), counter_(std::move(counter)) {}

  Result<TokenGrant> refresh(const RefreshRequest& request) override {
    const int fd = ::open(counter_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
      (void)!::write(fd, "R", 1);
      ::close(fd);
    }
    ::usleep(20'000);
    return FakeAuthenticator::refresh(request);
  }

 private:
  std::filesystem::path counter_;
};

Session signed_in_session(TimePoint now) {
  Session session;
  session.access_token = testing::make_access_token(now, hours{1});
  session.id_token = session.access_token;
  session.refresh_token = "refresh-original";
  session.obtained_at = now;
  session.expires_at = now + hours{1};
  session.partner_id = "partner-7";
  session.generation = 1;
  return session;
}

// What a child exits with: 0 when it got a usable session that another process may have made.
int refresh_in_child(const std::filesystem::path& path, const std::filesystem::path& counter,
                     TimePoint now, int start_gate) {
  auto clock = std::make_shared<ManualClock>(now);
  SessionEngineOptions options;
  options.clock = clock;
  options.store = std::make_shared<FileSessionStore>(path);
  options.executor = inline_executor();
  options.random_seed = 1;
  SessionEngine engine(std::make_shared<CountingAuthenticator>(*clock, counter), options);
  auto restored = engine.restore();
  if (!restored.ok() || !*restored) return 2;
  char go = 0;
  if (::read(start_gate, &go, 1) != 0) return 3;  // returns 0 when the parent closes the gate
  auto session = engine.try_ensure_fresh();
  if (!session.ok()) return 4;
  if (session->generation() != 2) return 5;
  if (session->expires_at() < now + minutes{30}) return 6;
  if (engine.current()->refresh_token != "refresh-original") return 7;
  return 0;
}

TEST(FileSessionStoreMultiProcessTest, ProcessesInTheHardWindowRefreshOnceBetweenThem) {
  TempDir dir;
  const auto path = dir / "session.json";
  const auto counter = dir / "refresh-calls";
  const TimePoint signed_in_at = ManualClock{}.now();
  ASSERT_TRUE(FileSessionStore(path).save(signed_in_session(signed_in_at)).ok());
  const TimePoint hard_window = signed_in_at + hours{1} - seconds{10};

  int gate[2];
  ASSERT_EQ(::pipe(gate), 0);
  constexpr int kProcesses = 8;
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(gate[1]);
      ::_exit(refresh_in_child(path, counter, hard_window, gate[0]));
    }
    children.push_back(pid);
  }
  ::close(gate[0]);
  ::close(gate[1]);  // all go at once

  const auto deadline = platform::deadline_in(kChildTimeout);
  for (const pid_t pid : children) {
    platform::Process child = platform::Process::adopt(pid);
    const auto status = child.wait(deadline);
    ASSERT_TRUE(status) << "a child still ran after " << kChildTimeout.count() << " s";
    EXPECT_EQ(status->shell_code(), 0);
  }
  EXPECT_EQ(testing::read_file(counter), "R");
  auto stored = FileSessionStore(path).load();
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->generation, 2U);
}

TEST(FileSessionStoreMultiProcessTest, RefreshLockExcludesOtherDescriptorsAndProcesses) {
  TempDir dir;
  const auto path = dir / "session.json";
  FileSessionStore store(path);
  const auto try_lock_elsewhere = [&] {
    const int fd = ::open((path.string() + ".lock").c_str(), O_RDWR | O_CLOEXEC);
    const bool got = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (fd >= 0) ::close(fd);
    return got;
  };
  const auto child_can_lock = [&] {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(try_lock_elsewhere() ? 0 : 1);
    const auto status = platform::Process::adopt(pid).wait(platform::deadline_in(kChildTimeout));
    return status && status->code == 0;
  };
  {
    auto lock = store.lock_for_refresh();
    ASSERT_TRUE(lock.ok()) << lock.error().describe();
    ASSERT_TRUE(*lock);
    EXPECT_FALSE(try_lock_elsewhere());  // another thread's fresh descriptor
    EXPECT_FALSE(child_can_lock());
    ASSERT_TRUE(store.save(signed_in_session(ManualClock{}.now())).ok());  // rename keeps the lock
    EXPECT_FALSE(child_can_lock());
  }
  EXPECT_TRUE(try_lock_elsewhere());
  EXPECT_TRUE(child_can_lock());
}

TEST(FileSessionStoreMultiprocessTest, GivesUpOnALockAStoppedProcessHolds) {
  TempDir dir;
  const auto path = dir / "session.json";
  FileSessionStore store(path, platform::system_file_writer(), std::chrono::milliseconds{150});
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t holder = ::fork();
  if (holder == 0) {
    FileSessionStore child_store(path);
    auto lock = child_store.lock_for_refresh();
    const char byte = lock.ok() ? 'y' : 'n';
    (void)!::write(ready[1], &byte, 1);
    ::raise(SIGSTOP);  // a stopped process keeps its lock
    ::_exit(0);
  }
  platform::Process child = platform::Process::adopt(holder);  // killed if an assertion fails
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');

  auto waited = store.lock_for_refresh();
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, Errc::storage);
  EXPECT_NE(waited.error().message.find("another process holds it"), std::string::npos)
      << waited.error().message;

  child.kill();  // its lock goes with it
  ::close(ready[0]);
  ::close(ready[1]);
  auto taken = store.lock_for_refresh();
  EXPECT_TRUE(taken.ok()) << taken.error().describe();
}

}  // namespace
}  // namespace freshauth
