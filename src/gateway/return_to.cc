#include "gateway/return_to.h"

#include <algorithm>
#include <cctype>

namespace freshauth::gateway {
namespace {

bool visible_ascii(char c) { return c > 0x20 && c < 0x7f; }

// %00-%1F and %7F decode to control characters; %2F or %5C right after the leading slash would
// make "//" or "/\" for anything that decodes the path before redirecting.
bool has_dangerous_escape(std::string_view path) {
  for (std::size_t i = 0; i + 2 < path.size(); ++i) {
    if (path[i] != '%') continue;
    const auto hex = [](char c) {
      return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    const char high = hex(path[i + 1]);
    const char low = hex(path[i + 2]);
    if (high == '0' || high == '1') return true;
    if (high == '7' && low == 'f') return true;
    if (i == 1 && ((high == '2' && low == 'f') || (high == '5' && low == 'c'))) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> safe_return_to(std::string_view candidate) {
  if (candidate.empty() || candidate.size() > kMaxReturnToLength) return std::nullopt;
  if (candidate.front() != '/') return std::nullopt;
  if (candidate.size() > 1 && (candidate[1] == '/' || candidate[1] == '\\')) return std::nullopt;
  if (!std::all_of(candidate.begin(), candidate.end(), visible_ascii)) return std::nullopt;
  if (candidate.find('\\') != std::string_view::npos) return std::nullopt;
  if (has_dangerous_escape(candidate)) return std::nullopt;
  return std::string{candidate};
}

}  // namespace freshauth::gateway
