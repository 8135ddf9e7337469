#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace freshauth::server {

/// Header names compare case-insensitively, as HTTP says.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

/// One parsed request, independent of the HTTP library underneath.
struct ServerRequest {
  std::string method;  ///< "GET", "POST"...
  std::string target;  ///< as sent: path and query
  std::string path;    ///< target without the query
  std::string query;   ///< after '?', undecoded; empty when absent
  HeaderMap headers;
  std::string body;
  std::string remote_address;

  std::optional<std::string> header(std::string_view name) const;
  /// The media type without parameters, lower-cased: "application/json".
  std::string media_type() const;
};

}  // namespace freshauth::server
