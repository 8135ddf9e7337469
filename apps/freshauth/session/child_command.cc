#include "session/child_command.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

extern char** environ;

namespace freshauth::cli {
namespace {

volatile std::sig_atomic_t g_child = 0;

void forward_to_child(int signal) {
  if (g_child > 0) ::kill(static_cast<pid_t>(g_child), signal);
}

std::vector<std::string> child_environment(const EnvironmentChanges& changes) {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text{*entry};
    const std::string_view name = text.substr(0, text.find('='));
    bool dropped =
        std::find(changes.unset.begin(), changes.unset.end(), name) != changes.unset.end();
    for (const auto& [variable, value] : changes.set) dropped = dropped || name == variable;
    if (!dropped) entries.emplace_back(text);
  }
  for (const auto& [variable, value] : changes.set) entries.push_back(variable + "=" + value);
  return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Signal dispositions while the child runs, restored on destruction.
class SignalsDuringChild {
 public:
  SignalsDuringChild() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction forward {};
    forward.sa_handler = forward_to_child;
    ::sigaction(SIGINT, &ignore, &saved_[0]);
    ::sigaction(SIGQUIT, &ignore, &saved_[1]);
    ::sigaction(SIGTERM, &forward, &saved_[2]);
    ::sigaction(SIGHUP, &forward, &saved_[3]);
  }
  ~SignalsDuringChild() {
    ::sigaction(SIGINT, &saved_[0], nullptr);
    ::sigaction(SIGQUIT, &saved_[1], nullptr);
    ::sigaction(SIGTERM, &saved_[2], nullptr);
    ::sigaction(SIGHUP, &saved_[3], nullptr);
  }
  SignalsDuringChild(const SignalsDuringChild&) = delete;
  SignalsDuringChild& operator=(const SignalsDuringChild&) = delete;

 private:
  struct sigaction saved_[4]{};
};

}  // namespace

int run_child_command(const std::vector<std::string>& argv, const EnvironmentChanges& changes,
                      std::string& error) {
  std::vector<std::string> arguments = argv;
  std::vector<std::string> environment = child_environment(changes);
  std::vector<char*> argument_pointers = pointers_to(arguments);
  std::vector<char*> environment_pointers = pointers_to(environment);

  posix_spawnattr_t attributes;
  ::posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signal : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&defaults, signal);
  ::posix_spawnattr_setsigdefault(&attributes, &defaults);
  sigset_t none;
  sigemptyset(&none);
  ::posix_spawnattr_setsigmask(&attributes, &none);
  ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  const SignalsDuringChild signals;
  pid_t child = 0;
  const int spawned = ::posix_spawnp(&child, arguments.front().c_str(), nullptr, &attributes,
                                     argument_pointers.data(), environment_pointers.data());
  ::posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    error = "cannot run " + arguments.front() + ": " + std::strerror(spawned);
    return spawned == ENOENT ? kExitCommandNotFound : kExitCommandNotRunnable;
  }
  g_child = child;
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      error = std::string{"lost track of the command: "} + std::strerror(errno);
      g_child = 0;
      return kExitCommandNotRunnable;
    }
  }
  g_child = 0;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

}  // namespace freshauth::cli
