#include "freshauth/server/server_response.h"

namespace freshauth::server {

ServerResponse& ServerResponse::set_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

ServerResponse json_response(int status, const nlohmann::json& body) {
  ServerResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.set_header("Content-Type", "application/json");
  return response;
}

ServerResponse json_error(int status, std::string_view error, std::string_view message) {
  return json_response(status, {{"error", error}, {"message", message}});
}

ServerResponse no_content() {
  ServerResponse response;
  response.status = 204;
  return response;
}

}  // namespace freshauth::server
