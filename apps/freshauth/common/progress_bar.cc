#include "common/progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace freshauth::cli {
namespace {

constexpr int kWidth = 20;

std::string bar(double fraction) {
  const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kWidth);
  return "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "]";
}

// A line longer than the terminal wraps, and "\r" then redraws only its last row.
std::string fitted(std::string line, std::FILE* out) {
  winsize size{};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 1 && line.size() >= size.ws_col) {
    line.resize(size.ws_col - 1);
  }
  return line;
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out) : out_(out), interactive_(isatty(fileno(out)) != 0) {}

void ProgressBar::update(double fraction, const std::string& status) {
  if (!interactive_) return;
  const std::string line = bar(fraction) + " " +
                           std::to_string(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100)) +
                           "%  " + status;
  std::fprintf(out_, "\r\033[K%s", fitted(line, out_).c_str());
  std::fflush(out_);
}

void ProgressBar::finish(const std::string& status) {
  std::fprintf(out_, "%s%s 100%%  %s\n", interactive_ ? "\r\033[K" : "", bar(1.0).c_str(),
               status.c_str());
  std::fflush(out_);
}

}  // namespace freshauth::cli
