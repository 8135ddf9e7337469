#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

namespace freshauth::redis {

/// Where a Redis server listens and how to reach it. TLS is not offered: Debian's hiredis (0.14)
/// has none; reach a remote Redis through a TLS tunnel (stunnel, spiped) or a Unix socket.
struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string unix_socket;  ///< when set, used instead of host and port
  std::string password;     ///< AUTH before anything else; never in messages
  int database = 0;         ///< SELECT when not 0
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};

  /// `redis://[:password@]host[:port][/db]` or `unix:/path/to/socket`. A password in the URL is
  /// accepted for completeness; the CLI takes it from the environment instead.
  static Result<Endpoint> parse(std::string_view url);
  /// For messages: host:port or the socket path, never the password.
  std::string describe() const;
};

}  // namespace freshauth::redis
