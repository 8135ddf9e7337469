#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace freshauth::idp {

// Argon2id cost. `minimal` is for tests only: the hash string records its own cost, so verifying
// is always as expensive as hashing was.
enum class PasswordCost { interactive, minimal };

std::optional<std::string> hash_password(std::string_view password, PasswordCost cost);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace freshauth::idp
