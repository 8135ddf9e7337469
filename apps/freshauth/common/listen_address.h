#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace freshauth::cli {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "HOST:PORT" (the last ':' separates them, so "::1:8080" works); nullopt when either is missing
// or the port is not 0-65535.
std::optional<ListenAddress> parse_listen_address(const std::string& text);

}  // namespace freshauth::cli
