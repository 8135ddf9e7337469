#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <variant>

#include "freshauth/verify/verify_failure.h"

namespace freshauth {

// The claims of a token whose signature and claims passed every check. Shared and immutable so a
// cache hit hands it out without copying the JSON.
struct VerifiedToken {
  std::shared_ptr<const nlohmann::json> claims;
  double exp = 0;  // seconds since the epoch, as in the token
};

// A verified token or the reason it was refused.
class [[nodiscard]] VerifyResult {
 public:
  VerifyResult(VerifiedToken token) : state_(std::move(token)) {}      // NOLINT: implicit
  VerifyResult(VerifyFailure failure) : state_(std::move(failure)) {}  // NOLINT: implicit

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  const VerifiedToken& token() const { return std::get<0>(state_); }
  const nlohmann::json& claims() const { return *token().claims; }
  const VerifyFailure& failure() const { return std::get<1>(state_); }
  VerifyErrc reason() const { return failure().reason; }

 private:
  std::variant<VerifiedToken, VerifyFailure> state_;
};

}  // namespace freshauth
