#include "stores/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

extern char** environ;

namespace freshauth::detail {
namespace {

using Clock = std::chrono::steady_clock;

Error spawn_error(const std::string& program, const std::string& what, int err) {
  return Error{Errc::storage,
               "cannot run credential helper " + program + ": " + what + ": " +
                   std::generic_category().message(err),
               {}};
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

// Spawns with stdin and stdout redirected; returns the pid or -errno.
pid_t spawn(const std::vector<std::string>& argv, int stdin_fd, int stdout_fd) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdin_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setpgroup(&attributes, 0);  // own group: a timeout kills its children too
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  pid_t pid = 0;
  const bool has_path = argv.front().find('/') != std::string::npos;
  const int rc = has_path
                     ? posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ)
                     : posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return rc == 0 ? pid : -rc;
}

enum class Exchange { finished, timed_out, too_much_output };

// Feeds input and drains output until stdout closes, the deadline passes or output overflows.
Exchange exchange(int to_child, int from_child, std::string_view input, std::string& output,
                  Clock::time_point deadline) {
  bool writing = true;
  if (input.empty()) writing = false, ::shutdown(to_child, SHUT_WR);
  for (;;) {
    pollfd fds[2] = {{from_child, POLLIN, 0}, {to_child, POLLOUT, 0}};
    const int ready = ::poll(fds, writing ? 2 : 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return Exchange::timed_out;
    if (writing && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      // MSG_NOSIGNAL: a helper that exits without reading must not SIGPIPE us.
      const ssize_t sent =
          ::send(to_child, input.data(), input.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) input.remove_prefix(static_cast<std::size_t>(sent));
      if ((sent < 0 && errno != EAGAIN && errno != EINTR) || input.empty()) {
        writing = false;
        ::shutdown(to_child, SHUT_WR);
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buffer[4096];
      const ssize_t got = ::read(from_child, buffer, sizeof buffer);
      if (got == 0) return Exchange::finished;
      if (got < 0 && errno != EAGAIN && errno != EINTR) return Exchange::finished;
      if (got > 0) {
        if (output.size() + static_cast<std::size_t>(got) > kMaxProcessOutput) {
          return Exchange::too_much_output;
        }
        output.append(buffer, static_cast<std::size_t>(got));
      }
    }
  }
}

// Waits for the exit; false if it does not come before the deadline.
bool wait_for_exit(pid_t pid, int& status, Clock::time_point deadline) {
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) return true;
    if (Clock::now() >= deadline) return false;
    ::poll(nullptr, 0, 5);
  }
}

}  // namespace

Result<ProcessResult> run_process(const std::vector<std::string>& argv, std::string_view input,
                                  std::chrono::milliseconds timeout) {
  if (argv.empty() || argv.front().empty()) {
    return Error{Errc::invalid_argument, "no credential helper command given", {}};
  }
  const std::string& program = argv.front();
  int to_child[2];
  int from_child[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, to_child) != 0) {
    return spawn_error(program, "socketpair", errno);
  }
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    const int err = errno;
    ::close(to_child[0]), ::close(to_child[1]);
    return spawn_error(program, "pipe", err);
  }
  const pid_t pid = spawn(argv, to_child[0], from_child[1]);
  ::close(to_child[0]);
  ::close(from_child[1]);
  if (pid < 0) {
    ::close(to_child[1]), ::close(from_child[0]);
    return spawn_error(program, "spawn", static_cast<int>(-pid));
  }
  ::fcntl(from_child[0], F_SETFL, O_NONBLOCK);

  const auto deadline = Clock::now() + timeout;
  ProcessResult result;
  int status = 0;
  const Exchange exchanged = exchange(to_child[1], from_child[0], input, result.output, deadline);
  const bool exited = exchanged == Exchange::finished && wait_for_exit(pid, status, deadline);
  ::close(to_child[1]);
  ::close(from_child[0]);
  if (!exited) {
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.timed_out = exchanged != Exchange::too_much_output;
    result.too_much_output = exchanged == Exchange::too_much_output;
    return result;
  }
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace freshauth::detail
