#include "support/run_process.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace freshauth::testing {
namespace {

platform::Process start(const std::vector<std::string>& argv,
                        const std::vector<std::string>& environment) {
  platform::ProcessSpec spec;
  spec.argv = argv;
  spec.environment = environment;
  spec.in = platform::Stdio::pipe;
  spec.out = platform::Stdio::pipe;
  spec.err = platform::Stdio::pipe;
  auto started = platform::Process::start(spec);
  if (!started) throw std::runtime_error("cannot start " + argv.front());
  return std::move(*started);
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::vector<std::string>& environment, const std::string& input)
    : process_(start(argv, environment)) {
  process_.send_input(input);
  process_.close_input();
}

ChildProcess::~ChildProcess() {
  if (process_.pid() > 0 && !process_.wait(platform::deadline_in(kStopTimeout))) process_.kill();
}

ProcessResult ChildProcess::wait(std::chrono::milliseconds timeout) {
  ProcessResult result;
  if (const auto status = process_.wait(platform::deadline_in(timeout))) {
    result.exit_code = status->shell_code();
  } else {
    ADD_FAILURE() << "the child was still running after " << timeout.count() << " ms: killed";
    result.exit_code = process_.kill().shell_code();
    result.timed_out = true;
  }
  result.out = process_.take_out();
  result.err = process_.take_err();
  return result;
}

bool ChildProcess::wait_for_stderr(std::string_view text, std::chrono::milliseconds timeout) {
  return process_.wait_for_stderr(text, platform::deadline_in(timeout));
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
  return process_.read_line(platform::deadline_in(timeout));
}

}  // namespace freshauth::testing
