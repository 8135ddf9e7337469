#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// application/x-www-form-urlencoded bodies and HTTP Basic client credentials, shared by every
/// layer that posts to OAuth2 endpoints (providers, verify). A helper rather than API: `detail`.
namespace freshauth::detail {

/// Ordered name/value pairs of a form body or a query.
using FormParams = std::vector<std::pair<std::string, std::string>>;

/// Every byte but RFC 3986's unreserved characters as %XX (upper-case hex, as libcurl escapes).
std::string form_escape(std::string_view text);
/// name=value&name=value, both escaped.
std::string form_encode(const FormParams& params);

/// RFC 6749 §2.3.1 client_secret_basic: "Basic " + base64(form-encoded id ':' form-encoded secret).
std::string basic_authorization(std::string_view client_id, std::string_view client_secret);

}  // namespace freshauth::detail
