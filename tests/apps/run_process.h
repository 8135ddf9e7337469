#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace freshauth::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string out;
  std::string err;
  bool timed_out = false;  // still running at the deadline: killed (SIGKILL)
};

// How long wait() lets a child run by default: far beyond any run a test makes, so that a hung
// child fails its test instead of hanging the suite.
inline constexpr std::chrono::seconds kProcessDeadline{120};

// A child process with its own environment (nothing inherited), stdin fed from a string and
// stdout/stderr captured. Several may run at once. Destroying one that is still running waits for
// it (up to kProcessDeadline): signal() it first to end it sooner.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
               const std::string& input = {});
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess& operator=(ChildProcess&&) = delete;

  // Reads both outputs to the end and reaps the child. A child still running (or still holding
  // its outputs open) after `timeout` is killed, and the result says so.
  ProcessResult wait(std::chrono::milliseconds timeout = kProcessDeadline);

  void signal(int number) const;
  // Reads what the child writes until its stderr so far contains `text`, it closes its outputs,
  // or `timeout` passes; true in the first case.
  bool wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout);
  std::string_view stderr_so_far() const { return err_text_; }

 private:
  // One poll of both outputs, at most `timeout_ms` long (-1: until something arrives); appends
  // what was there and closes an output at its end.
  void read_available(int timeout_ms);
  bool outputs_open() const { return out_ >= 0 || err_ >= 0; }
  void close_outputs();
  // Reaps the child, killing it once `deadline` has passed; its wait status.
  int reap_by(std::chrono::steady_clock::time_point deadline, bool& killed);

  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string out_text_;
  std::string err_text_;
};

}  // namespace freshauth::testing
