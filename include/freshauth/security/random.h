#pragma once

#include <cstddef>
#include <string>

namespace freshauth {

/// `count` bytes from the operating system's CSPRNG (OpenSSL's RAND_bytes). Throws
/// std::runtime_error only if the generator cannot produce them.
std::string random_bytes(std::size_t count);

/// `count` random bytes as base64url without padding: session ids, refresh tokens, `state`.
std::string random_token(std::size_t count);

}  // namespace freshauth
