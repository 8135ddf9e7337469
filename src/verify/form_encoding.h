#pragma once

#include <string>
#include <string_view>

namespace freshauth::detail {

// application/x-www-form-urlencoded escaping (libcurl's): unreserved characters kept, every other
// byte as %XX.
std::string form_encode(std::string_view text);

// RFC 6749 §2.3.1 client_secret_basic: "Basic " + base64(form-encoded id ':' form-encoded secret).
std::string basic_authorization(std::string_view client_id, std::string_view client_secret);

}  // namespace freshauth::detail
