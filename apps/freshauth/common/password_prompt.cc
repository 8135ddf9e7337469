#include "common/password_prompt.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace freshauth::cli {
namespace {

std::optional<std::string> read_line(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::optional<std::string> prompt_without_echo(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool terminal = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto line = read_line(std::cin);
  if (terminal) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  return line;
}

}  // namespace

std::optional<std::string> read_password(bool from_stdin, bool confirm) {
  if (from_stdin) return read_line(std::cin);
  auto first = prompt_without_echo("Password: ");
  if (!first || !confirm) return first;
  auto second = prompt_without_echo("Password (again): ");
  if (!second || *second != *first) {
    std::cerr << "The passwords differ.\n";
    return std::nullopt;
  }
  return first;
}

}  // namespace freshauth::cli
