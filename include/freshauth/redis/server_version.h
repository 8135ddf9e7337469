#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/redis/client.h"

namespace freshauth::redis {

/// What `INFO server` says of the server's version, e.g. 7.0.15.
struct ServerVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;

  bool operator==(const ServerVersion&) const = default;
  bool operator<(const ServerVersion& other) const;
  std::string to_string() const;
};

/// The `redis_version:` line of an INFO reply; nullopt when there is none or it is not x.y.z.
std::optional<ServerVersion> parse_server_version(std::string_view info);

/// Asks the server its version and refuses one older than `minimum`, saying what `needed_for`
/// needs, e.g. "GETDEL (pending sign-ins)": Errc::invalid_argument for an old or unknown version,
/// the client's error when the server cannot be asked.
Result<ServerVersion> require_server_version(Client& client, const ServerVersion& minimum,
                                             std::string_view needed_for);

}  // namespace freshauth::redis
