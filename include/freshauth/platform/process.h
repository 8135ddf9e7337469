#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "freshauth/core/expected.h"

namespace freshauth::platform {

/// Every wait on a child ends by one of these.
using Deadline = std::chrono::steady_clock::time_point;
/// For a child the user runs and ends (`freshauth exec`): no deadline.
inline constexpr Deadline kNoDeadline = Deadline::max();
/// Now plus `timeout`.
Deadline deadline_in(std::chrono::milliseconds timeout);

/// What a child's standard stream is connected to.
enum class Stdio {
  inherit,  ///< this process's own
  pipe,     ///< ours: input sent with send_input(), output captured
  null,     ///< /dev/null
};

/// What to start and how.
struct ProcessSpec {
  std::vector<std::string> argv;  ///< no shell; argv[0] is looked up in PATH unless it has a '/'
  /// "NAME=value" entries replacing this process's environment; nullopt inherits it.
  std::optional<std::vector<std::string>> environment;
  Stdio in = Stdio::inherit;
  Stdio out = Stdio::inherit;
  Stdio err = Stdio::inherit;
  /// The child leads a new process group, so that kill() also reaches what it started. Off for a
  /// child that must get the terminal's Ctrl-C with us.
  bool new_process_group = true;
  /// Captured output beyond this (stdout and stderr together) stops the reading: the child is
  /// then reported as having printed too much.
  std::size_t max_output = 16 * 1024 * 1024;
};

/// How a child ended.
struct ExitStatus {
  int code = -1;   ///< exit status, -1 when killed by a signal
  int signal = 0;  ///< the signal that killed it, else 0
  /// As a shell reports it: the exit status, or 128 + the signal.
  int shell_code() const { return signal != 0 ? 128 + signal : code; }
};

/// One child process, started without a shell with every signal at its default and none blocked.
/// Destroying one that still runs kills it (its group, if it leads one) and reaps it; detach()
/// leaves it running instead. Not thread-safe: one thread drives a Process.
class Process {
 public:
  /// Starts `spec.argv`; the error is what posix_spawn(3) said (ENOENT: no such program).
  static Expected<Process, std::error_code> start(const ProcessSpec& spec);
  /// Takes charge of a child this process made with fork() alone (code run in another process,
  /// as tests do), for waits with a deadline and a kill when dropped. No pipes: its streams are
  /// whatever it inherited.
  static Process adopt(pid_t forked_child);

  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  pid_t pid() const { return pid_; }

  /// Queues bytes for the child's piped stdin; they are written while waiting or reading.
  void send_input(std::string_view bytes);
  /// Closes the child's stdin once the queued input is written (the child then reads EOF).
  void close_input();

  /// Pumps input and output until the captured stdout holds a whole line, then removes and
  /// returns it (without the newline); nullopt at the deadline or when stdout ends first.
  std::optional<std::string> read_line(Deadline deadline);
  /// Pumps until the captured stderr contains `text`; false at the deadline or its end.
  bool wait_for_stderr(std::string_view text, Deadline deadline);
  /// Closes our end of the child's piped stdout (a reader that got what it wanted): its later
  /// writes there fail (EPIPE, or SIGPIPE if it does not ignore it) instead of filling a pipe
  /// nobody reads. What was captured is dropped.
  void close_output();

  /// Pumps input and output until the child has exited and its piped outputs have ended; its
  /// status, or nullopt if that has not happened by the deadline (it then still runs: call kill()).
  std::optional<ExitStatus> wait(Deadline deadline);
  /// Sends `signal_number` to the child alone.
  void signal(int signal_number) const;
  /// SIGKILL to the child (and its group) and reaps it; the status it died with.
  ExitStatus kill();
  /// Leaves the child running and forgets it (once it ends it stays a zombie until this process
  /// exits: for short-lived programs such as the CLI).
  void detach();

  /// What the child wrote so far on piped stdout / stderr.
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  /// Moves that out (a helper's output may be a secret: no copy stays behind).
  std::string take_out() { return std::exchange(out_, {}); }
  std::string take_err() { return std::exchange(err_, {}); }
  /// Whether reading stopped at spec.max_output.
  bool output_overflowed() const { return overflowed_; }

 private:
  Process() = default;
  // One poll of the pipes and the child, up to the deadline; false once the deadline has passed
  // or there is nothing left to wait for.
  bool pump_once(Deadline deadline);
  // Pumps until done() or the deadline; done() at the end.
  template <class Done>
  bool pump_until(Deadline deadline, Done done);
  void send_pending_input();
  void read_from(int& fd, std::string& sink);
  void observe_exit();
  void reap();
  void close_all();

  pid_t pid_ = -1;
  bool group_leader_ = false;
  int pidfd_ = -1;
  int in_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string pending_input_;
  bool close_input_when_sent_ = false;
  std::size_t max_output_ = 0;
  bool overflowed_ = false;
  std::optional<ExitStatus> status_;
  std::string out_;
  std::string err_;
};

}  // namespace freshauth::platform
