#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/platform/process.h"

namespace freshauth::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string out;
  std::string err;
  bool timed_out = false;  // still running at the deadline: killed (SIGKILL)
};

// A child process (platform::Process) with its own environment (nothing inherited), stdin fed
// from a string and stdout/stderr captured. Several may run at once. Every wait has a deadline:
// a child still running then is killed and the test fails. Destroying one that is still running
// waits for it (kStopTimeout at most): signal() it first to end it sooner.
// How long wait() lets a child run by default: far beyond any run a test makes, so that a hung
// child fails its test instead of hanging the suite.
inline constexpr std::chrono::seconds kProcessDeadline{120};

class ChildProcess {
 public:
  static constexpr std::chrono::seconds kRunTimeout = kProcessDeadline;
  static constexpr std::chrono::seconds kStopTimeout{30};

  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
               const std::string& input = {});
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess& operator=(ChildProcess&&) = delete;

  // Reads both outputs to the end and reaps the child.
  ProcessResult wait(std::chrono::milliseconds timeout = kRunTimeout);

  void signal(int number) const { process_.signal(number); }
  // Reads what the child writes until its stderr so far contains `text`, it closes its outputs,
  // or `timeout` passes; true in the first case.
  bool wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout);
  std::string_view stderr_so_far() const { return process_.err(); }
  // The next whole line the child writes on stdout (without the newline); nullopt when
  // `timeout` passes or stdout ends first.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);

 private:
  platform::Process process_;
};

}  // namespace freshauth::testing
