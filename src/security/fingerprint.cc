#include "freshauth/security/fingerprint.h"

#include "freshauth/security/sha256.h"

namespace freshauth {

std::string fingerprint(std::string_view secret) { return sha256_hex(secret).substr(0, 8); }

}  // namespace freshauth
