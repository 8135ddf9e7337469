#pragma once

#include <string>
#include <string_view>

namespace freshauth {

/// RFC 3986 percent-encoding: the unreserved characters (letters, digits, `-._~`) kept, every other
/// byte as %XX in upper-case hex. Safe in a query string, a form body and a Basic credential.
std::string percent_encode(std::string_view text);

}  // namespace freshauth
