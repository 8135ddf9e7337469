#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "freshauth/http/http_headers.h"

namespace freshauth {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  /// Overrides the transport's whole-call timeout for this request.
  std::optional<std::chrono::milliseconds> timeout;
};

}  // namespace freshauth
