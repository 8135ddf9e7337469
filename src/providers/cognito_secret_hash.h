#pragma once

#include <string>
#include <string_view>

namespace freshauth::detail {

// Cognito's SECRET_HASH for app clients that have a secret:
// Base64(HMAC-SHA256(key = client secret, message = username + client id)).
std::string cognito_secret_hash(std::string_view username, std::string_view client_id,
                                std::string_view client_secret);

}  // namespace freshauth::detail
