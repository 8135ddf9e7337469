#include "freshauth/platform/process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

namespace freshauth::platform {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Every wait in these tests ends at this deadline at the latest: a regression fails, not hangs.
Deadline soon() { return deadline_in(seconds{10}); }

Process start(ProcessSpec spec) {
  auto started = Process::start(spec);
  if (!started) throw std::system_error(started.error());
  return std::move(*started);
}

ProcessSpec shell(const std::string& script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.in = Stdio::pipe;
  spec.out = Stdio::pipe;
  spec.err = Stdio::pipe;
  return spec;
}

TEST(ProcessTest, ReadsALongRunningChildsLinesUntilADeadline) {
  Process child = start(shell("echo ready; echo second; read line; echo \"got $line\""));
  EXPECT_EQ(child.read_line(soon()), "ready");
  EXPECT_EQ(child.read_line(soon()), "second");
  EXPECT_EQ(child.read_line(deadline_in(milliseconds{20})), std::nullopt);  // waits for input
  child.send_input("input\n");
  EXPECT_EQ(child.read_line(soon()), "got input");
  const auto status = child.wait(soon());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 0);
}

TEST(ProcessTest, WaitingStopsAtTheDeadlineAndKillEndsTheChild) {
  Process child = start(shell("read line"));  // runs until its stdin closes
  EXPECT_EQ(child.wait(deadline_in(milliseconds{20})), std::nullopt);
  const ExitStatus killed = child.kill();
  EXPECT_EQ(killed.signal, SIGKILL);
  EXPECT_EQ(killed.shell_code(), 128 + SIGKILL);
}

TEST(ProcessTest, KillReachesWhatTheChildStartedInItsGroup) {
  // A pipe both the child and its own child inherit: it reads EOF once both are gone.
  int alive[2];
  ASSERT_EQ(::pipe(alive), 0);
  Process child = start(shell("sleep 600 & echo started; wait"));
  ::close(alive[1]);
  ASSERT_EQ(child.read_line(soon()), "started");
  child.kill();
  pollfd ended{alive[0], POLLIN, 0};
  ASSERT_EQ(::poll(&ended, 1, 10'000), 1) << "the grandchild outlived kill()";
  char byte = 0;
  EXPECT_EQ(::read(alive[0], &byte, 1), 0);
  ::close(alive[0]);
}

TEST(ProcessTest, WaitsForStderrText) {
  Process child = start(shell("echo listening on 42 >&2; read line; exit 0"));
  EXPECT_TRUE(child.wait_for_stderr("listening on", soon()));
  EXPECT_FALSE(child.wait_for_stderr("never said", deadline_in(milliseconds{20})));
  child.close_input();
  EXPECT_EQ(child.wait(soon())->code, 0);
}

TEST(ProcessTest, ReportsTheSignalThatKilledIt) {
  Process child = start(shell("kill -TERM $$"));
  const auto status = child.wait(soon());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->signal, SIGTERM);
  EXPECT_EQ(status->code, -1);
}

TEST(ProcessTest, SignalReachesTheChild) {
  Process child = start(shell("trap 'echo terminated; exit 3' TERM; echo armed; read line"));
  ASSERT_EQ(child.read_line(soon()), "armed");
  child.signal(SIGTERM);
  EXPECT_EQ(child.read_line(soon()), "terminated");
  child.close_input();  // the shell runs the trap once `read` returns
  EXPECT_EQ(child.wait(soon())->code, 3);
}

TEST(ProcessTest, TheEnvironmentCanBeReplaced) {
  ProcessSpec spec = shell("printf %s \"$ONLY:${HOME:-unset}\"");
  spec.environment = std::vector<std::string>{"ONLY=this"};
  Process child = start(spec);
  ASSERT_TRUE(child.wait(soon()));
  EXPECT_EQ(child.out(), "this:unset");
}

TEST(ProcessTest, NullStreamsReadNothingAndSwallowOutput) {
  ProcessSpec spec = shell("cat; echo done >&2");
  spec.in = Stdio::null;
  spec.out = Stdio::null;
  Process child = start(spec);
  ASSERT_EQ(child.wait(soon())->code, 0);
  EXPECT_EQ(child.err(), "done\n");
}

TEST(ProcessTest, AMissingProgramIsENOENT) {
  ProcessSpec spec;
  spec.argv = {"/no/such/program"};
  auto started = Process::start(spec);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error(), std::errc::no_such_file_or_directory);
  spec.argv = {"no-such-program-in-path"};
  EXPECT_EQ(Process::start(spec).error(), std::errc::no_such_file_or_directory);
}

TEST(ProcessTest, AClosedOutputNoLongerBlocksTheChild) {
  // More than a pipe holds: the writer would block if nobody read it.
  Process child = start(shell("echo ready; head -c 1000000 /dev/zero; exit 4"));
  ASSERT_EQ(child.read_line(soon()), "ready");
  child.close_output();
  EXPECT_EQ(child.wait(soon())->code, 4);
  EXPECT_EQ(child.out(), "");
}

TEST(ProcessTest, ADetachedChildKeepsRunning) {
  ProcessSpec spec = shell("read line; exit 5");  // ends when our end of its stdin closes
  spec.out = Stdio::inherit;
  spec.err = Stdio::inherit;
  Process child = start(spec);
  const pid_t pid = child.pid();
  child.detach();
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));  // not killed by detach()
  EXPECT_EQ(WEXITSTATUS(status), 5);
}

TEST(ProcessTest, AnAdoptedForkedChildIsWaitedForWithADeadline) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) ::_exit(6);
  Process child = Process::adopt(pid);
  const auto status = child.wait(soon());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 6);
}

TEST(ProcessTest, AnAdoptedChildStillRunningAtTheDeadlineCanBeKilled) {
  int hold[2];
  ASSERT_EQ(::pipe(hold), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(hold[1]);
    char byte = 0;
    (void)!::read(hold[0], &byte, 1);  // until the parent lets go
    ::_exit(0);
  }
  ::close(hold[0]);
  Process child = Process::adopt(pid);
  EXPECT_FALSE(child.wait(deadline_in(milliseconds{20})));
  EXPECT_EQ(child.kill().signal, SIGKILL);
  ::close(hold[1]);
}

}  // namespace
}  // namespace freshauth::platform
