#include "apps/run_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <utility>

namespace freshauth::testing {
namespace {

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::vector<std::string>& environment, const std::string& input) {
  int in[2], out[2], err[2];
  make_pipe(in);
  make_pipe(out);
  make_pipe(err);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  ::posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  std::vector<std::string> arguments = argv;
  std::vector<std::string> variables = environment;
  auto argument_pointers = pointers_to(arguments);
  auto variable_pointers = pointers_to(variables);
  const int spawned = ::posix_spawn(&pid_, arguments.front().c_str(), &actions, nullptr,
                                    argument_pointers.data(), variable_pointers.data());
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  out_ = out[0];
  err_ = err[0];
  if (spawned != 0) {
    ::close(in[1]);
    throw std::runtime_error("cannot start " + arguments.front());
  }
  // Inputs are a few lines: they fit in the pipe, so writing before reading cannot block.
  std::string_view rest = input;
  while (!rest.empty()) {
    const ssize_t written = ::write(in[1], rest.data(), rest.size());
    if (written <= 0) break;
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
  ::close(in[1]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      out_(std::exchange(other.out_, -1)),
      err_(std::exchange(other.err_, -1)),
      out_text_(std::move(other.out_text_)),
      err_text_(std::move(other.err_text_)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) wait();
}

void ChildProcess::read_available(int timeout_ms) {
  pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};  // poll skips a negative fd
  const int ready = ::poll(fds, 2, timeout_ms);
  if (ready < 0 && errno != EINTR) close_outputs();  // cannot watch them any more: stop reading
  if (ready <= 0) return;  // nothing yet, or interrupted: the caller asks again
  int* const owners[2] = {&out_, &err_};
  std::string* sinks[2] = {&out_text_, &err_text_};
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || fds[i].revents == 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got > 0) {
      sinks[i]->append(buffer, static_cast<std::size_t>(got));
    } else {
      ::close(fds[i].fd);
      *owners[i] = -1;
    }
  }
}

void ChildProcess::close_outputs() {
  for (int* fd : {&out_, &err_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

int ChildProcess::reap_by(std::chrono::steady_clock::time_point deadline, bool& killed) {
  using namespace std::chrono_literals;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid_, &status, killed ? 0 : WNOHANG);
    if (done == pid_) return status;
    if (done < 0 && errno != EINTR) return status;
    if (done == 0 && std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      killed = true;
    } else if (done == 0) {
      std::this_thread::sleep_for(5ms);  // it closed its outputs and is about to exit
    }
  }
}

ProcessResult ChildProcess::wait(std::chrono::milliseconds timeout) {
  using namespace std::chrono_literals;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool killed = false;
  while (outputs_open()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() > 0) {
      read_available(static_cast<int>(left.count()));
    } else if (!killed) {
      ::kill(pid_, SIGKILL);
      killed = true;
      deadline = std::chrono::steady_clock::now() + 1s;  // what it wrote before it died
    } else {
      close_outputs();  // a grandchild holds them open
    }
  }
  const int status = reap_by(deadline, killed);
  pid_ = -1;
  ProcessResult result;
  result.exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  result.out = std::move(out_text_);
  result.err = std::move(err_text_);
  result.timed_out = killed;
  return result;
}

void ChildProcess::signal(int number) const {
  if (pid_ > 0) ::kill(pid_, number);
}

bool ChildProcess::wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (err_text_.find(text) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !outputs_open()) return false;
    read_available(static_cast<int>(left.count()));
  }
  return true;
}

}  // namespace freshauth::testing
