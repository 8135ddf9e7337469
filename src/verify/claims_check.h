#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "freshauth/core/clock.h"
#include "freshauth/verify/verifier_config.h"
#include "freshauth/verify/verify_failure.h"

namespace freshauth {

// Checks the registered and Cognito claims of an authentic token's payload at `now`.
std::optional<VerifyFailure> check_claims(const nlohmann::json& payload,
                                          const VerifierConfig& config, TimePoint now);

// Seconds since the epoch as a double, the unit of `exp` and `nbf`.
double epoch_seconds(TimePoint t);

}  // namespace freshauth
