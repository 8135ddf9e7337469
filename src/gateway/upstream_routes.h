#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/gateway/upstream_route.h"

// Which request paths the gateway forwards, and where: an allowlist of path prefixes, each with
// its upstream. Anything else is not proxied. A path that could mean something different to the
// upstream than to this check (dot segments, encoded slashes or dots, doubled slashes) is refused
// rather than normalised.
namespace freshauth::gateway {

struct UpstreamTarget {
  const UpstreamRoute* route = nullptr;
  std::string host;
  std::uint16_t port = 80;
  std::string target;  ///< base path + request path (+ '?' + query): what the upstream is asked
};

class UpstreamRoutes {
 public:
  // invalid_argument naming the route, for a prefix or upstream URL that is not usable.
  static Result<UpstreamRoutes> create(std::vector<UpstreamRoute> routes);

  // The longest allowlisted prefix of `path` and where it goes; nullopt when none matches or
  // the path is not in canonical form.
  std::optional<UpstreamTarget> match(std::string_view path, std::string_view query) const;
  // The route of match(path, ""), without building the target.
  const UpstreamRoute* route_for(std::string_view path) const;
  const std::vector<UpstreamRoute>& routes() const { return routes_; }

 private:
  struct Parsed {
    std::string host;
    std::uint16_t port;
    std::string base_path;  // without a trailing '/'
  };
  std::optional<std::size_t> index_for(std::string_view path) const;

  std::vector<UpstreamRoute> routes_;  // longest prefix first
  std::vector<Parsed> parsed_;
};

// True for a path that means the same to every reader: starts with '/', no "//", no "." or ".."
// segment, no backslash, no control character, no percent-encoded '.', '/', '\' or control
// character, no '#'.
bool is_canonical_path(std::string_view path);

}  // namespace freshauth::gateway
