#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/error.h"

namespace freshauth::detail {

struct ProcessResult {
  bool timed_out = false;
  bool too_much_output = false;  // killed for printing more than kMaxProcessOutput
  int exit_status = -1;          // -1 when killed by a signal
  int signal = 0;
  std::string output;  // stdout, at most kMaxProcessOutput bytes
};

inline constexpr std::size_t kMaxProcessOutput = 64 * 1024;

// Runs `argv` without a shell in a new process group, with `input` on stdin and stdout
// captured; stderr is inherited. After `timeout` the whole group is killed (SIGKILL).
// Errors describe argv[0] only, never input or output.
Result<ProcessResult> run_process(const std::vector<std::string>& argv, std::string_view input,
                                  std::chrono::milliseconds timeout);

}  // namespace freshauth::detail
