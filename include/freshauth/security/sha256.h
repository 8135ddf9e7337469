#pragma once

#include <string>
#include <string_view>

namespace freshauth {

/// SHA-256 of `data` in lower-case hex: how secrets are stored and looked up without keeping them.
std::string sha256_hex(std::string_view data);

}  // namespace freshauth
