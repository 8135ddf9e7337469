#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace freshauth::idp {

// libsodium, initialised on first use; throws only if libsodium cannot start at all.
void ensure_sodium();
std::string random_bytes(std::size_t count);
// `count` random bytes as base64url: refresh tokens, challenge sessions, ids.
std::string random_token(std::size_t count);
// A random RFC 4122 version 4 UUID, as Cognito uses for `sub`.
std::string random_uuid();
// SHA-256 in lower-case hex: how refresh tokens are stored.
std::string sha256_hex(std::string_view data);

}  // namespace freshauth::idp
