#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "freshauth/core/error.h"
#include "freshauth/http/http_headers.h"

namespace freshauth {

/// A 2xx answer from the API. The body is parsed only when asked for.
struct ApiResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  /// Malformed JSON is Errc::transient: the server (or something in between) misbehaved.
  Result<nlohmann::json> try_json() const;
  nlohmann::json json() const;  ///< throws AuthError
};

}  // namespace freshauth
