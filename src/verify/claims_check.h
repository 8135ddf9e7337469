#pragma once

#include <optional>
#include <string_view>

#include "freshauth/core/clock.h"
#include "freshauth/verify/verifier_config.h"
#include "freshauth/verify/verify_failure.h"
#include "json_scan.h"

namespace freshauth {

// The payload members the checks read, as written in the token. The rest of the payload has
// been checked as JSON but is not looked at here.
struct CheckedClaims {
  std::optional<JsonValue> exp;
  std::optional<JsonValue> nbf;
  std::optional<JsonValue> iss;
  std::optional<JsonValue> token_use;
  std::optional<JsonValue> client_id;
  std::optional<JsonValue> aud;
  std::optional<JsonValue> scope;
  std::optional<JsonValue> groups;  // cognito:groups

  // Keeps `value` if `name` is one of the claims above.
  void take(std::string_view name, const JsonValue& value);
};

// Checks the registered and Cognito claims of an authentic token's payload at `now`.
std::optional<VerifyFailure> check_claims(const CheckedClaims& claims, const VerifierConfig& config,
                                          TimePoint now);

// Seconds since the epoch as a double, the unit of `exp` and `nbf`.
double epoch_seconds(TimePoint t);

}  // namespace freshauth
