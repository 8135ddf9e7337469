#pragma once

#include <string_view>

#include "freshauth/verify/verified_token.h"

namespace freshauth {

/// Checks one bearer token. Implementations are thread-safe.
class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  virtual VerifyResult verify(std::string_view token) = 0;
};

}  // namespace freshauth
