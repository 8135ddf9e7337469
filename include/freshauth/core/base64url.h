#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace freshauth {

// RFC 4648 §5 without padding, as JWTs use it. Padding is tolerated on input; any other
// character outside the alphabet makes decoding fail.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);
// Decodes unpadded base64url into `out`, which holds at least text.size() * 3 / 4 bytes, and
// returns the number of bytes written; no allocation. Padding is an error here.
std::optional<std::size_t> base64url_decode_into(std::string_view text, char* out);
// RFC 4648 §4, the standard alphabet with padding (HTTP Basic, Cognito's SECRET_HASH).
std::string base64_encode(std::string_view bytes);

}  // namespace freshauth
