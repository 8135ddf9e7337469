#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/run_process.h"

extern char** environ;

namespace freshauth::testing {

// The freshauth binary run as `freshauth demo ...` would be from a shell: this process's
// environment, but TMPDIR pointing into a private folder so that the test can see what the demo
// leaves behind. A run still going when the test ends is killed.
class DemoProcess {
 public:
  explicit DemoProcess(const std::vector<std::string>& args)
      : dir_(make_private_dir()), child_(command(args), environment(tmp_dir())) {}

  ~DemoProcess() {
    if (!result_) {
      child_.signal(SIGKILL);
      result_ = child_.wait();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  DemoProcess(const DemoProcess&) = delete;
  DemoProcess& operator=(const DemoProcess&) = delete;

  void signal(int number) const { child_.signal(number); }
  bool wait_for_stderr(std::string_view text, std::chrono::seconds timeout) {
    return child_.wait_for_stderr(text, timeout);
  }

  // The exit code (128 + N when killed by signal N). A demo still running at the deadline is
  // killed and fails the test.
  int wait(std::chrono::seconds deadline = kProcessDeadline) {
    if (!result_) {
      result_ = child_.wait(deadline);
      EXPECT_FALSE(result_->timed_out)
          << "the demo was still running after " << deadline.count() << " s: killed";
    }
    return result_->exit_code;
  }
  // All of it once wait() has returned; before that, nothing of stdout and what stderr has
  // shown so far.
  std::string out() const { return result_ ? result_->out : std::string{}; }
  std::string err() const { return result_ ? result_->err : std::string{child_.stderr_so_far()}; }
  std::filesystem::path tmp_dir() const { return dir_ / "tmp"; }

 private:
  static std::filesystem::path make_private_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "freshauth-e2e-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    std::filesystem::create_directory(std::filesystem::path{pattern} / "tmp");
    return pattern;
  }

  static std::vector<std::string> command(const std::vector<std::string>& args) {
    std::vector<std::string> argv{FRESHAUTH_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  static std::vector<std::string> environment(const std::filesystem::path& tmp) {
    std::vector<std::string> variables{"TMPDIR=" + tmp.string()};
    for (char** each = environ; *each != nullptr; ++each) {
      if (!std::string_view{*each}.starts_with("TMPDIR=")) variables.emplace_back(*each);
    }
    return variables;
  }

  std::filesystem::path dir_;  // first: made before the child starts
  ChildProcess child_;
  std::optional<ProcessResult> result_;
};

}  // namespace freshauth::testing
