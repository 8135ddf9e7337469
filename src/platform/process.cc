#include "freshauth/platform/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

extern char** environ;

namespace freshauth::platform {
namespace {

using Clock = std::chrono::steady_clock;
// Without a pidfd (kernels before 5.3) the exit is polled this often.
constexpr int kExitPollMs = 10;

std::error_code last_error() { return {errno, std::generic_category()}; }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// A secret may pass through stdin or stdout: overwrite it before the memory is freed.
void wipe(std::string& text) {
  std::fill(text.begin(), text.end(), '\0');
  text.clear();
}

// Milliseconds for poll(): -1 for no deadline, 0 once it has passed, else rounded up.
int poll_timeout(Deadline deadline) {
  if (deadline == kNoDeadline) return -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, INT_MAX));
}

std::vector<char*> pointers_to(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const auto& text : strings) pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// The parent's and the child's ends of one standard stream.
struct StreamEnds {
  int parent = -1;
  int child = -1;
};

std::error_code make_ends(Stdio mode, bool is_input, StreamEnds& ends) {
  if (mode == Stdio::pipe && is_input) {
    // A socket, so that writing to a child that stopped reading fails with EPIPE instead of
    // raising SIGPIPE in this process (send with MSG_NOSIGNAL).
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return last_error();
    ends = {pair[1], pair[0]};
  } else if (mode == Stdio::pipe) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return last_error();
    ends = {fds[0], fds[1]};
    ::fcntl(ends.parent, F_SETFL, O_NONBLOCK);
  } else if (mode == Stdio::null) {
    ends.child = ::open("/dev/null", (is_input ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
    if (ends.child < 0) return last_error();
  }
  return {};
}

class SpawnAttributes {
 public:
  explicit SpawnAttributes(bool new_process_group) {
    ::posix_spawnattr_init(&attributes_);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    ::posix_spawnattr_setsigmask(&attributes_, &none);
    ::posix_spawnattr_setsigdefault(&attributes_, &all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_process_group) {
      ::posix_spawnattr_setpgroup(&attributes_, 0);
      flags |= POSIX_SPAWN_SETPGROUP;
    }
    ::posix_spawnattr_setflags(&attributes_, flags);
  }
  ~SpawnAttributes() { ::posix_spawnattr_destroy(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  const posix_spawnattr_t* get() const { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

class FileActions {
 public:
  FileActions() { ::posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  void connect(const StreamEnds& ends, int target) {
    if (ends.child >= 0) ::posix_spawn_file_actions_adddup2(&actions_, ends.child, target);
  }
  const posix_spawn_file_actions_t* get() const { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

}  // namespace

Deadline deadline_in(std::chrono::milliseconds timeout) { return Clock::now() + timeout; }

Expected<Process, std::error_code> Process::start(const ProcessSpec& spec) {
  if (spec.argv.empty() || spec.argv.front().empty()) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  StreamEnds streams[3];
  const Stdio modes[3] = {spec.in, spec.out, spec.err};
  const auto close_streams = [&streams] {
    for (auto& ends : streams) close_fd(ends.parent), close_fd(ends.child);
  };
  for (int i = 0; i < 3; ++i) {
    if (const auto failed = make_ends(modes[i], i == 0, streams[i])) {
      close_streams();
      return failed;
    }
  }
  FileActions actions;
  for (int i = 0; i < 3; ++i) actions.connect(streams[i], i);
  const SpawnAttributes attributes(spec.new_process_group);
  const auto arguments = pointers_to(spec.argv);
  const auto variables = spec.environment ? pointers_to(*spec.environment) : std::vector<char*>{};
  char* const* environment = spec.environment ? variables.data() : environ;

  Process process;
  const int spawned = ::posix_spawnp(&process.pid_, arguments[0], actions.get(), attributes.get(),
                                     arguments.data(), environment);
  for (auto& ends : streams) close_fd(ends.child);
  if (spawned != 0) {
    close_streams();
    process.pid_ = -1;
    return std::error_code{spawned, std::generic_category()};
  }
  process.group_leader_ = spec.new_process_group;
  process.in_ = streams[0].parent;
  process.out_fd_ = streams[1].parent;
  process.err_fd_ = streams[2].parent;
  process.max_output_ = spec.max_output;
  process.pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, process.pid_, 0));
  return process;
}

Process Process::adopt(pid_t forked_child) {
  Process process;
  process.pid_ = forked_child;
  process.pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, forked_child, 0));
  return process;
}

Process::Process(Process&& other) noexcept { *this = std::move(other); }

Process& Process::operator=(Process&& other) noexcept {
  if (this == &other) return *this;
  if (pid_ > 0) kill();
  close_all();
  pid_ = std::exchange(other.pid_, -1);
  group_leader_ = other.group_leader_;
  pidfd_ = std::exchange(other.pidfd_, -1);
  in_ = std::exchange(other.in_, -1);
  out_fd_ = std::exchange(other.out_fd_, -1);
  err_fd_ = std::exchange(other.err_fd_, -1);
  pending_input_ = std::exchange(other.pending_input_, {});
  close_input_when_sent_ = other.close_input_when_sent_;
  max_output_ = other.max_output_;
  overflowed_ = other.overflowed_;
  status_ = std::exchange(other.status_, std::nullopt);
  out_ = std::exchange(other.out_, {});
  err_ = std::exchange(other.err_, {});
  return *this;
}

Process::~Process() {
  if (pid_ > 0) kill();
  close_all();
}

void Process::send_input(std::string_view bytes) {
  if (in_ >= 0) pending_input_.append(bytes);
}

void Process::close_input() {
  close_input_when_sent_ = true;
  if (pending_input_.empty()) close_fd(in_);
}

void Process::close_output() {
  close_fd(out_fd_);
  wipe(out_);
}

template <class Done>
bool Process::pump_until(Deadline deadline, Done done) {
  while (!done()) {
    if (overflowed_ || !pump_once(deadline)) return done();
  }
  return true;
}

std::optional<std::string> Process::read_line(Deadline deadline) {
  pump_until(deadline, [this] { return out_fd_ < 0 || out_.find('\n') != std::string::npos; });
  const auto end = out_.find('\n');
  if (end == std::string::npos) return std::nullopt;
  std::string line = out_.substr(0, end);
  out_.erase(0, end + 1);
  return line;
}

bool Process::wait_for_stderr(std::string_view text, Deadline deadline) {
  pump_until(deadline,
             [this, text] { return err_fd_ < 0 || err_.find(text) != std::string::npos; });
  return err_.find(text) != std::string::npos;
}

std::optional<ExitStatus> Process::wait(Deadline deadline) {
  const bool finished =
      pump_until(deadline, [this] { return status_ && out_fd_ < 0 && err_fd_ < 0; });
  if (!finished || overflowed_) return std::nullopt;
  const ExitStatus status = *status_;
  reap();
  return status;
}

void Process::signal(int signal_number) const {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

ExitStatus Process::kill() {
  if (pid_ <= 0) return status_.value_or(ExitStatus{});
  // The child is not reaped yet (observed exits leave it a zombie), so its pid, and the group
  // named after it, still belong to it.
  ::kill(group_leader_ ? -pid_ : pid_, SIGKILL);
  close_all();
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  if (!status_) {
    status_ =
        WIFSIGNALED(status) ? ExitStatus{-1, WTERMSIG(status)} : ExitStatus{WEXITSTATUS(status), 0};
  }
  pid_ = -1;
  return *status_;
}

void Process::detach() {
  close_all();
  pid_ = -1;
}

bool Process::pump_once(Deadline deadline) {
  if (in_ >= 0 && pending_input_.empty() && close_input_when_sent_) close_fd(in_);
  pollfd fds[4];
  nfds_t count = 0;
  const auto watch = [&fds, &count](int fd, short events) {
    if (fd >= 0) fds[count++] = pollfd{fd, events, 0};
  };
  watch(pending_input_.empty() ? -1 : in_, POLLOUT);
  watch(out_fd_, POLLIN);
  watch(err_fd_, POLLIN);
  const bool watching_exit = !status_ && pid_ > 0;
  if (watching_exit) watch(pidfd_, POLLIN);
  if (count == 0 && !watching_exit) return false;

  int timeout = poll_timeout(deadline);
  if (watching_exit && pidfd_ < 0 && (timeout < 0 || timeout > kExitPollMs)) timeout = kExitPollMs;
  const int ready = ::poll(fds, count, timeout);
  if (ready < 0 && errno != EINTR) return false;
  if (ready > 0) {
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_) send_pending_input();
      if (fds[i].fd == out_fd_) read_from(out_fd_, out_);
      if (fds[i].fd == err_fd_) read_from(err_fd_, err_);
    }
  }
  if (watching_exit) observe_exit();
  return Clock::now() < deadline;
}

void Process::send_pending_input() {
  const ssize_t sent =
      ::send(in_, pending_input_.data(), pending_input_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (sent > 0) {
    std::fill_n(pending_input_.begin(), sent, '\0');
    pending_input_.erase(0, static_cast<std::size_t>(sent));
  } else if (sent < 0 && errno != EAGAIN && errno != EINTR) {
    wipe(pending_input_);  // the child stopped reading: what it did not take is dropped
    close_fd(in_);
  }
}

void Process::read_from(int& fd, std::string& sink) {
  char buffer[4096];
  const ssize_t got = ::read(fd, buffer, sizeof buffer);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (got <= 0) {
    close_fd(fd);
    return;
  }
  if (out_.size() + err_.size() + static_cast<std::size_t>(got) > max_output_) {
    overflowed_ = true;
    return;
  }
  sink.append(buffer, static_cast<std::size_t>(got));
}

void Process::observe_exit() {
  siginfo_t info{};
  // WNOWAIT: the exit is seen but the child stays a zombie until reaped, so that its pid cannot
  // be reused while kill() may still signal it.
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno == ECHILD) status_ = ExitStatus{};  // reaped behind our back (SIGCHLD ignored)
    return;
  }
  if (info.si_pid != pid_) return;
  status_ =
      info.si_code == CLD_EXITED ? ExitStatus{info.si_status, 0} : ExitStatus{-1, info.si_status};
}

void Process::reap() {
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  close_all();
}

void Process::close_all() {
  close_fd(in_);
  close_fd(out_fd_);
  close_fd(err_fd_);
  close_fd(pidfd_);
  wipe(pending_input_);
}

}  // namespace freshauth::platform
