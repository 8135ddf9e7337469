#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "freshauth/core/percent_encoding.h"
#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"

namespace freshauth::server {

// application/x-www-form-urlencoded fields (a body or a query string), decoded.
using FormFields = std::map<std::string, std::string>;

// '+' is a space and %XX a byte; nullopt for a '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);
using ::freshauth::percent_encode;  // RFC 3986: unreserved kept, every other byte as %XX
// nullopt for a malformed escape or a field given twice (OAuth 2.0 refuses repeated parameters).
// A field without '=' has an empty value; empty segments ("a=1&&b=2") are skipped.
std::optional<FormFields> parse_form_fields(std::string_view text);

// The form body of a request, or the 4xx to send instead: 415 for another content type, 400 for
// a malformed body.
using FormBody = std::variant<FormFields, ServerResponse>;
FormBody parse_form_body(const ServerRequest& request);

// The value of `name`, or empty when absent.
std::string form_field(const FormFields& fields, const std::string& name);

}  // namespace freshauth::server
