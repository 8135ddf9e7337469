#pragma once

#include <memory>
#include <string_view>
#include <variant>

#include "freshauth/verify/public_key.h"
#include "freshauth/verify/verify_failure.h"

namespace freshauth {

using KeyLookup = std::variant<std::shared_ptr<const PublicKey>, VerifyFailure>;

/// Where the verifier finds the key a token names. Implementations are thread-safe.
class KeySource {
 public:
  virtual ~KeySource() = default;
  /// The key published under `kid`, or unknown_key / keys_unavailable.
  virtual KeyLookup find(std::string_view kid) = 0;
};

}  // namespace freshauth
