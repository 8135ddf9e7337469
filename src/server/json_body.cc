#include "freshauth/server/json_body.h"

namespace freshauth::server {

JsonBody parse_json_object(const ServerRequest& request) {
  return parse_json_object(request.media_type(), request.body);
}

JsonBody parse_json_object(std::string_view media_type, std::string_view body) {
  if (media_type != "application/json" && media_type != "application/x-amz-json-1.1") {
    return json_error(415, "UnsupportedMediaType", "the body must be application/json");
  }
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return json_error(400, "InvalidRequest", "the body is not valid JSON");
  if (!parsed.is_object())
    return json_error(400, "InvalidRequest", "the body must be a JSON object");
  return parsed;
}

const std::string* string_member(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

}  // namespace freshauth::server
