#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace freshauth::server {

struct ServerResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// Fault injection: close the connection without answering.
  bool drop_connection = false;
  /// Fault injection: announce the whole body, send only this many bytes of it, then close.
  std::optional<std::size_t> cut_body_at;

  ServerResponse& set_header(std::string name, std::string value);
};

ServerResponse json_response(int status, const nlohmann::json& body);
/// {"error": error, "message": message}: every refusal of the server and its handlers has this
/// shape.
ServerResponse json_error(int status, std::string_view error, std::string_view message);
ServerResponse no_content();

}  // namespace freshauth::server
