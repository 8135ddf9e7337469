#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"

namespace freshauth::idp {

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps), as authenticator apps expect.
std::string generate_totp_secret();  // 20 random bytes, base32
std::string otpauth_uri(const std::string& issuer, const std::string& username,
                        const std::string& base32_secret);
// The time step the code belongs to (now ± one step), or nullopt.
std::optional<std::int64_t> verify_totp(const std::string& base32_secret, const std::string& code,
                                        TimePoint now);
// The code for `now`: for tests and for `idp user add` to show a first code.
std::optional<std::string> totp_code(const std::string& base32_secret, TimePoint now);

}  // namespace freshauth::idp
