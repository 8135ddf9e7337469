#pragma once

#include <cstdio>
#include <string>

namespace freshauth::cli {

// One line on a terminal, redrawn in place: `[#####.....]  50%  <status>`, cut to the terminal's
// width. On anything that is not a terminal it prints nothing until finish(), so logs and CI
// output stay readable.
class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out);
  void update(double fraction, const std::string& status);
  void finish(const std::string& status);

 private:
  std::FILE* out_;
  bool interactive_;
};

}  // namespace freshauth::cli
