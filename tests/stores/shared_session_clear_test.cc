// Two processes share one session file: a stale process's verdict on its old session must never
// wipe the newer session another process saved. Forks: the parent starts no threads before.
#include <gtest/gtest.h>
#include <unistd.h>

#include "freshauth/core/session_engine.h"
#include "freshauth/platform/process.h"
#include "freshauth/stores/file_session_store.h"
#include "support/fake_authenticator.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using testing::FakeAuthenticator;
using testing::TempDir;

Session session_of(std::uint64_t generation, TimePoint now, std::string refresh_token) {
  Session session;
  session.access_token = testing::make_access_token(now, hours{1}, std::to_string(generation));
  session.id_token = session.access_token;
  session.refresh_token = std::move(refresh_token);
  session.obtained_at = now;
  session.expires_at = now + hours{1};
  session.partner_id = "partner-7";
  session.generation = generation;
  return session;
}

// Another process: takes the store's refresh lock, saves generation 2 (as a sign-in or a
// rotating refresh would), signals `ready`, and holds the lock until `release` closes.
pid_t save_newer_session_in_child(const std::filesystem::path& path, TimePoint now,
                                  const int (&ready)[2], const int (&release)[2]) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::close(ready[0]);
  ::close(release[1]);
  FileSessionStore store(path);
  auto lock = store.lock_for_refresh();
  const bool saved = lock.ok() && store.save(session_of(2, now, "refresh-rotated")).ok();
  const char byte = saved ? 'y' : 'n';
  (void)!::write(ready[1], &byte, 1);
  char ignored = 0;
  (void)!::read(release[0], &ignored, 1);  // returns when the parent closes its end
  ::_exit(0);
}

struct Child {
  pid_t pid;
  int release;
};

Child start_child(const std::filesystem::path& path, TimePoint now) {
  int ready[2];
  int release[2];
  EXPECT_EQ(::pipe(ready), 0);
  EXPECT_EQ(::pipe(release), 0);
  const pid_t pid = save_newer_session_in_child(path, now, ready, release);
  ::close(ready[1]);
  ::close(release[0]);
  char byte = 0;
  EXPECT_EQ(::read(ready[0], &byte, 1), 1);
  EXPECT_EQ(byte, 'y');
  ::close(ready[0]);
  return {pid, release[1]};
}

void finish(const Child& child) {
  ::close(child.release);
  platform::Process process = platform::Process::adopt(child.pid);
  const auto status = process.wait(platform::deadline_in(std::chrono::seconds{60}));
  ASSERT_TRUE(status) << "the child still ran after a minute: killed";
  EXPECT_EQ(status->shell_code(), 0);
}

SessionEngineOptions options_for(std::shared_ptr<ManualClock> clock,
                                 std::shared_ptr<SessionStore> store) {
  SessionEngineOptions options;
  options.clock = std::move(clock);
  options.store = std::move(store);
  options.executor = inline_executor();
  options.random_seed = 1;
  return options;
}

TEST(SharedSessionClearTest, AStaleProcesss401LeavesTheNewerSessionAlone) {
  TempDir dir;
  const auto path = dir / "session.json";
  auto clock = std::make_shared<ManualClock>();
  ASSERT_TRUE(FileSessionStore(path).save(session_of(1, clock->now(), "refresh-1")).ok());
  auto authenticator = std::make_shared<FakeAuthenticator>(*clock);
  SessionEngine engine(authenticator, options_for(clock, std::make_shared<FileSessionStore>(path)));
  ASSERT_TRUE(engine.restore().ok());

  const Child child = start_child(path, clock->now());
  finish(child);  // the lock is free again: report_unauthorized takes it

  EXPECT_FALSE(engine.report_unauthorized(1));
  auto stored = FileSessionStore(path).load();
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->generation, 2U);
  ASSERT_TRUE(engine.current());
  EXPECT_EQ(engine.current()->generation, 2U);
  EXPECT_EQ(engine.try_ensure_fresh().ok(), true);
}

TEST(SharedSessionClearTest, AFatalRefreshAfterALockTimeoutLeavesTheNewerSessionAlone) {
  TempDir dir;
  const auto path = dir / "session.json";
  auto clock = std::make_shared<ManualClock>();
  const TimePoint signed_in = clock->now();
  ASSERT_TRUE(FileSessionStore(path).save(session_of(1, signed_in, "refresh-1")).ok());
  auto authenticator = std::make_shared<FakeAuthenticator>(*clock);
  auto store = std::make_shared<FileSessionStore>(path, platform::system_file_writer(),
                                                  std::chrono::milliseconds{50});
  SessionEngine engine(authenticator, options_for(clock, store));
  ASSERT_TRUE(engine.restore().ok());

  // The other process rotated the refresh token and still holds the lock: ours is spent.
  clock->advance(hours{1} - seconds{5});
  const Child child = start_child(path, clock->now());
  authenticator->fail_next({Errc::session_expired, "invalid_grant", {}});
  auto session = engine.try_ensure_fresh();
  finish(child);

  ASSERT_TRUE(session.ok()) << session.error().describe();
  EXPECT_EQ(session->generation(), 2U);
  EXPECT_EQ(authenticator->refreshes.load(), 1);
  auto stored = FileSessionStore(path).load();
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->generation, 2U);
}

TEST(SharedSessionClearTest, AFatalRefreshWithNothingNewerEndsTheSession) {
  TempDir dir;
  const auto path = dir / "session.json";
  auto clock = std::make_shared<ManualClock>();
  ASSERT_TRUE(FileSessionStore(path).save(session_of(1, clock->now(), "refresh-1")).ok());
  auto authenticator = std::make_shared<FakeAuthenticator>(*clock);
  SessionEngine engine(authenticator, options_for(clock, std::make_shared<FileSessionStore>(path)));
  ASSERT_TRUE(engine.restore().ok());
  clock->advance(hours{1} - seconds{5});
  authenticator->fail_next({Errc::session_expired, "invalid_grant", {}});

  auto session = engine.try_ensure_fresh();
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code, Errc::session_expired);
  auto stored = FileSessionStore(path).load();
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(*stored);
}

}  // namespace
}  // namespace freshauth
