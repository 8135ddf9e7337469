#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::server {

// The body of a JSON request as an object, or the 4xx answer to send instead: 415 for another
// content type, 400 for malformed JSON or a non-object. Handlers never see an unparsed body.
using JsonBody = std::variant<nlohmann::json, ServerResponse>;
JsonBody parse_json_object(const ServerRequest& request);
JsonBody parse_json_object(std::string_view media_type, std::string_view body);

// A required string member, or nullptr when absent or not a string.
const std::string* string_member(const nlohmann::json& object, const char* name);

}  // namespace freshauth::server
