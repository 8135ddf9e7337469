#include "session/child_command.h"

#include <signal.h>

#include <algorithm>
#include <csignal>

#include "freshauth/platform/process.h"

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
  platform::ProcessSpec spec;
  spec.argv = argv;
  spec.environment = child_environment(changes);
  spec.new_process_group = false;  // the terminal's Ctrl-C reaches it directly

  const SignalsDuringChild signals;
  auto child = platform::Process::start(spec);
  if (!child) {
    error = "cannot run " + argv.front() + ": " + child.error().message();
    return child.error() == std::errc::no_such_file_or_directory ? kExitCommandNotFound
                                                                 : kExitCommandNotRunnable;
  }
  g_child = child->pid();
  // The user's command runs as long as it takes: the user ends it.
  const auto status = child->wait(platform::kNoDeadline);
  g_child = 0;
  if (!status) {
    error = "lost track of the command";
    return kExitCommandNotRunnable;
  }
  return status->shell_code();
}

}  // namespace freshauth::cli
