#pragma once

#include <chrono>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"

namespace freshauth {

struct ExpiryEstimate {
  TimePoint expires_at;
  // How far the issuer's clock runs ahead of ours (negative: behind), when `iat` tells.
  std::chrono::seconds issuer_clock_skew{0};
};

// When a freshly granted access token stops working, in local time. Takes the earliest of what
// the server said (`expires_in`) and what the token says (`exp - iat`, which cancels clock skew;
// `exp` alone when there is no `iat`). Servers omit or overstate `expires_in`; neither may cost a
// 401. `requested_at` is when the request was sent, so network time shortens, never lengthens, it.
ExpiryEstimate estimate_expiry(const TokenGrant& grant, TimePoint requested_at,
                               bool trust_token_claims = true);

// Used when neither the server nor the token says anything (the partner API's documented default).
inline constexpr std::chrono::seconds kDefaultTokenLifetime{3600};

}  // namespace freshauth
