#include "freshauth/redis/server_version.h"

#include <array>
#include <charconv>
#include <tuple>

namespace freshauth::redis {
namespace {

// One number and what follows it, or nullopt.
std::optional<int> take_number(std::string_view& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{}) return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

}  // namespace

bool ServerVersion::operator<(const ServerVersion& other) const {
  return std::tie(major, minor, patch) < std::tie(other.major, other.minor, other.patch);
}

std::string ServerVersion::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<ServerVersion> parse_server_version(std::string_view info) {
  constexpr std::string_view kField = "redis_version:";
  std::size_t at = info.find(kField);
  while (at != std::string_view::npos && at != 0 && info[at - 1] != '\n') {
    at = info.find(kField, at + 1);
  }
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = info.substr(at + kField.size());
  rest = rest.substr(0, rest.find_first_of("\r\n"));
  ServerVersion version;
  const std::array<int*, 3> parts{&version.major, &version.minor, &version.patch};
  for (std::size_t i = 0; i < 3; ++i) {
    if (i > 0) {
      if (!rest.starts_with('.')) return std::nullopt;
      rest.remove_prefix(1);
    }
    const auto number = take_number(rest);
    if (!number) return std::nullopt;
    *parts[i] = *number;
  }
  if (!rest.empty()) return std::nullopt;
  return version;
}

Result<ServerVersion> require_server_version(Client& client, const ServerVersion& minimum,
                                             std::string_view needed_for) {
  auto info = client.command({"INFO", "server"});
  if (!info) return info.error();
  const std::string where = "Redis at " + client.endpoint().describe();
  const auto version = parse_server_version(info->text);
  if (!version) {
    return Error{Errc::invalid_argument, where + " did not say its version (INFO server)", {}};
  }
  if (*version < minimum) {
    return Error{Errc::invalid_argument,
                 where + " is version " + version->to_string() + "; " + std::string{needed_for} +
                     " needs Redis " + minimum.to_string() + " or later",
                 {}};
  }
  return *version;
}

}  // namespace freshauth::redis
