#include "common/listen_address.h"

#include <charconv>
#include <string_view>

namespace freshauth::cli {

std::optional<ListenAddress> parse_listen_address(const std::string& text) {
  constexpr std::string_view kUnix = "unix:";
  if (text.starts_with(kUnix)) {
    std::string path = text.substr(kUnix.size());
    if (!path.starts_with('/')) return std::nullopt;
    return ListenAddress{{}, 0, std::move(path)};
  }
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
  unsigned port = 0;
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(first, last, port);
  if (error != std::errc{} || end != last || port > 65535) return std::nullopt;
  return ListenAddress{text.substr(0, colon), static_cast<std::uint16_t>(port), {}};
}

}  // namespace freshauth::cli
