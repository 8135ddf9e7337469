#include "interop/node_peer.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace freshauth::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::chrono::seconds kStartDeadline{30};
constexpr std::chrono::seconds kStopDeadline{10};

// The first line the child writes, or "" when it writes none before the deadline.
std::string read_first_line(int fd, SteadyClock::time_point deadline) {
  std::string line;
  while (SteadyClock::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    pollfd waiting{.fd = fd, .events = POLLIN, .revents = 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count()) + 1) <= 0) break;
    char c = 0;
    if (::read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return {};
}

}  // namespace

NodePeer::NodePeer(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv_strings{"node"};
  argv_strings.insert(argv_strings.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (const auto& arg : argv_strings) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) return;
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return;
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::dup2(from_child[1], STDOUT_FILENO);
    ::execvp("node", argv.data());
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  stdin_ = to_child[1];
  const std::string line = read_first_line(from_child[0], SteadyClock::now() + kStartDeadline);
  ::close(from_child[0]);
  if (!line.empty()) announcement_ = nlohmann::json::parse(line, nullptr, false);
  if (announcement_.is_discarded()) announcement_ = nullptr;
}

NodePeer::~NodePeer() {
  if (stdin_ >= 0) ::close(stdin_);
  if (pid_ <= 0) return;
  const auto deadline = SteadyClock::now() + kStopDeadline;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (SteadyClock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});  // polling the exit, bounded
  }
}

}  // namespace freshauth::testing
