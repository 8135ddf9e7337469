#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "freshauth/core/expected.h"
#include "freshauth/platform/process.h"

namespace freshauth::platform {

/// How a run to completion ended.
struct RunResult {
  std::optional<ExitStatus> exit;  ///< nullopt when it was killed (timed_out or too_much_output)
  bool timed_out = false;          ///< killed at the deadline
  bool too_much_output = false;    ///< killed for printing more than spec.max_output
  std::string out;                 ///< piped stdout
  std::string err;                 ///< piped stderr
};

/// Starts `spec`, sends `input` to its stdin (when piped) and closes it, captures what is piped
/// and waits for the end. At `timeout`, or when the output exceeds spec.max_output, the child
/// (and its group) is killed.
Expected<RunResult, std::error_code> run_process(const ProcessSpec& spec, std::string_view input,
                                                 std::chrono::milliseconds timeout);

}  // namespace freshauth::platform
