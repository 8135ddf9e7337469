#include "common/password_prompt.h"

#include <termios.h>
#include <unistd.h>

#include <istream>
#include <ostream>

namespace freshauth::cli {
namespace {

std::optional<std::string> read_line(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Echo is turned off on the terminal only: an interactive context reads the process's stdin.
std::optional<std::string> prompt_without_echo(CommandContext& context, const char* prompt) {
  context.err << prompt << std::flush;
  termios saved{};
  const bool terminal = context.interactive && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto line = read_line(context.in);
  if (terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  context.err << "\n";
  return line;
}

}  // namespace

std::optional<std::string> read_password(CommandContext& context, bool from_stdin, bool confirm) {
  if (from_stdin) return read_line(context.in);
  auto first = prompt_without_echo(context, "Password: ");
  if (!first || !confirm) return first;
  auto second = prompt_without_echo(context, "Password (again): ");
  if (!second || *second != *first) {
    context.err << "The passwords differ.\n";
    return std::nullopt;
  }
  return first;
}

}  // namespace freshauth::cli
