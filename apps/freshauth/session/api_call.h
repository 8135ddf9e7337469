#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/http/http_headers.h"

namespace freshauth::cli {

// What `freshauth curl` was asked for, as typed.
struct ApiCallArguments {
  std::string method;                // empty: GET, or POST when there is data (as curl does)
  std::optional<std::string> data;   // the body; "@FILE" reads a file, "@-" stdin
  std::vector<std::string> headers;  // "Name: value"
  std::string target;                // "/path?query" (against the API base) or a full URL
};

// One request for Client: `path` is appended to `base_url` (empty for a full URL).
struct ApiCall {
  std::string method;
  std::string base_url;
  std::string path;
  std::string body;
  HttpHeaders headers;
};

// Errc::invalid_argument for a target that is neither a path nor an http(s) URL, a malformed
// header, a header the session sets itself, or a data file that cannot be read.
Result<ApiCall> build_api_call(const ApiCallArguments& arguments, const std::string& api_base,
                               std::istream& stdin_stream);

}  // namespace freshauth::cli
