#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace freshauth::idp {

// libsodium, initialised on first use; throws only if libsodium cannot start at all.
void ensure_sodium();
// A random RFC 4122 version 4 UUID, as Cognito uses for `sub`.
std::string random_uuid();

}  // namespace freshauth::idp
