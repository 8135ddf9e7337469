#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "freshauth/idp/idp_policies.h"

namespace freshauth::idp {

std::optional<std::string> hash_password(std::string_view password, PasswordCost cost);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace freshauth::idp
