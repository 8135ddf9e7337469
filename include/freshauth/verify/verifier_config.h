#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace freshauth {

enum class TokenUse { access, id };

/// What a token must say to be accepted.
struct VerifierConfig {
  std::string issuer;  ///< exact `iss`
  TokenUse token_use = TokenUse::access;
  /// App clients allowed: `client_id` of access tokens, `aud` of id tokens. Must not be empty.
  std::vector<std::string> client_ids;
  std::vector<std::string> required_scopes;  ///< every one must be in `scope`
  std::vector<std::string> accepted_groups;  ///< if set, one of them must be in `cognito:groups`
  std::chrono::seconds leeway{0};            ///< tolerance for `exp` and `nbf`
  std::size_t max_token_bytes = std::size_t{16} * 1024;
  int max_json_depth = 16;
};

}  // namespace freshauth
