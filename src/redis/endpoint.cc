#include "freshauth/redis/endpoint.h"

#include <charconv>

namespace freshauth::redis {
namespace {

Error invalid(std::string why) {
  return Error{
      Errc::invalid_argument,
      "not a Redis address (redis://[:password@]host[:port][/db] or unix:/path): " + std::move(why),
      {}};
}

bool parse_number(std::string_view text, int& out) {
  const auto* end = text.data() + text.size();
  const auto [next, error] = std::from_chars(text.data(), end, out);
  return error == std::errc{} && next == end && out >= 0;
}

}  // namespace

Result<Endpoint> Endpoint::parse(std::string_view url) {
  Endpoint endpoint;
  if (url.starts_with("unix:")) {
    std::string_view path = url.substr(5);
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty() || path.front() != '/') return invalid("a socket needs an absolute path");
    endpoint.unix_socket = std::string{path};
    return endpoint;
  }
  if (!url.starts_with("redis://")) return invalid("unknown scheme");
  std::string_view rest = url.substr(8);
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view credentials = rest.substr(0, at);
    if (const auto colon = credentials.find(':'); colon != std::string_view::npos) {
      credentials.remove_prefix(colon + 1);  // a user name before it is not supported by AUTH here
    }
    endpoint.password = std::string{credentials};
    rest.remove_prefix(at + 1);
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !parse_number(db, endpoint.database)) return invalid("bad database number");
    rest = rest.substr(0, slash);
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!parse_number(rest.substr(colon + 1), endpoint.port) || endpoint.port == 0 ||
        endpoint.port > 65535) {
      return invalid("bad port");
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return invalid("no host");
  endpoint.host = std::string{rest};
  return endpoint;
}

std::string Endpoint::describe() const {
  if (!unix_socket.empty()) return unix_socket;
  return host + ":" + std::to_string(port);
}

}  // namespace freshauth::redis
