#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace freshauth::detail {

// Ordered name/value pairs of an application/x-www-form-urlencoded body or query.
using FormParams = std::vector<std::pair<std::string, std::string>>;

// Every byte but RFC 3986's unreserved characters as %XX (libcurl's escaping).
std::string form_escape(std::string_view text);
// name=value&name=value, both escaped.
std::string form_encode(const FormParams& params);

}  // namespace freshauth::detail
