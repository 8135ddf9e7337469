#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace freshauth::cli {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
  std::string unix_socket;  // non-empty for "unix:PATH": host and port are then unused
};

// "HOST:PORT" (the last ':' separates them, so "::1:8080" works), or "unix:PATH" with an absolute
// PATH (a Unix domain socket); nullopt when a part is missing or the port is not 0-65535.
// Commands that serve on TCP only refuse a unix_socket themselves.
std::optional<ListenAddress> parse_listen_address(const std::string& text);

}  // namespace freshauth::cli
