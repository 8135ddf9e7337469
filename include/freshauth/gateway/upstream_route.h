#pragma once

#include <string>

namespace freshauth::gateway {

/// One allowlisted path prefix and the upstream its requests go to. A request for
/// `<prefix>rest?query` is sent to the upstream as `<upstream's base path><prefix>rest?query`.
struct UpstreamRoute {
  std::string prefix;           ///< "/api/": starts and ends with '/'
  std::string upstream;         ///< "http://127.0.0.1:9000", or with a base path "http://api:80/v1"
  bool partner_header = false;  ///< also send X-Preferred-Partner-Id (the partner API)
  /// Served to anyone, signed in or not (the single-page app itself, its assets): forwarded with
  /// no session, no CSRF check and no Authorization header. The browser's cookies and any
  /// Authorization it sent are still stripped.
  bool without_session = false;
};

}  // namespace freshauth::gateway
