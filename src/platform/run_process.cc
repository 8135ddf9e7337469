#include "freshauth/platform/run_process.h"

namespace freshauth::platform {

Expected<RunResult, std::error_code> run_process(const ProcessSpec& spec, std::string_view input,
                                                 std::chrono::milliseconds timeout) {
  auto started = Process::start(spec);
  if (!started) return started.error();
  Process& child = *started;
  child.send_input(input);
  child.close_input();
  RunResult result;
  result.exit = child.wait(deadline_in(timeout));
  if (!result.exit) {
    result.too_much_output = child.output_overflowed();
    result.timed_out = !result.too_much_output;
    child.kill();
  }
  result.out = child.take_out();
  result.err = child.take_err();
  return result;
}

}  // namespace freshauth::platform
