#include "progress_bar.h"

#include <unistd.h>

#include <algorithm>

namespace freshauth::cli {
namespace {

constexpr int kWidth = 30;

std::string bar(double fraction) {
  const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kWidth);
  return "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "]";
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out) : out_(out), interactive_(isatty(fileno(out)) != 0) {}

void ProgressBar::update(double fraction, const std::string& status) {
  if (!interactive_) return;
  std::fprintf(out_, "\r\033[K%s %3d%%  %s", bar(fraction).c_str(),
               static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100), status.c_str());
  std::fflush(out_);
}

void ProgressBar::finish(const std::string& status) {
  std::fprintf(out_, "%s%s 100%%  %s\n", interactive_ ? "\r\033[K" : "", bar(1.0).c_str(),
               status.c_str());
  std::fflush(out_);
}

}  // namespace freshauth::cli
