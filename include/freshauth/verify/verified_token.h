#pragma once

#include <chrono>

#include "freshauth/core/expected.h"
#include "freshauth/verify/verified_claims.h"
#include "freshauth/verify/verify_failure.h"

namespace freshauth {

/// The claims of a token whose signature and claims passed every check. Shared and immutable so a
/// cache hit hands it out without copying the JSON.
struct VerifiedToken {
  VerifiedClaims claims;
  double exp = 0;  ///< seconds since the epoch, as in the token
};

/// A verified token or the reason it was refused.
using VerifyResult = Expected<VerifiedToken, VerifyFailure>;

}  // namespace freshauth
