#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "freshauth/core/error.h"

namespace freshauth::server {

/// Header fields in the order they are sent or were received; names may repeat.
using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

/// One HTTP/1.1 request to an upstream (plain TCP). The client sets Content-Length and the
/// connection's keep-alive (Connection, Content-Length and Transfer-Encoding in `headers` are
/// dropped), and Host unless `headers` has one.
struct UpstreamRequest {
  std::string method = "GET";
  std::string host;  ///< a name or an IP address
  std::uint16_t port = 80;
  std::string target = "/";  ///< path and query
  HeaderPairs headers;
  std::string body;
};

struct UpstreamResponse {
  int status = 0;
  HeaderPairs headers;
  std::string body;

  /// The first value of `name` (case-insensitive); nothing when absent.
  std::optional<std::string> header(std::string_view name) const;
};

/// A request to an "http://host[:port]/target" URL. invalid_argument for any other form (https
/// included: the client speaks plain TCP only).
Result<UpstreamRequest> upstream_request(std::string method, std::string_view url);

/// invalid_argument when `request` cannot be sent as is: a method that is not a token, a target
/// that is not origin-form, a header name that is not a token, a header value holding CR, LF or
/// NUL (header injection). The message never quotes a header value.
Result<void> check_upstream_request(const UpstreamRequest& request);

}  // namespace freshauth::server
