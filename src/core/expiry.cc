#include "freshauth/core/expiry.h"

#include <algorithm>

#include "freshauth/core/token_claims.h"

namespace freshauth {

ExpiryEstimate estimate_expiry(const TokenGrant& grant, TimePoint requested_at,
                               bool trust_token_claims) {
  using std::chrono::seconds;
  std::optional<seconds> lifetime;
  auto consider = [&lifetime](seconds candidate) {
    candidate = std::max(candidate, seconds{0});
    lifetime = lifetime ? std::min(*lifetime, candidate) : candidate;
  };

  if (grant.expires_in && *grant.expires_in > seconds{0}) consider(*grant.expires_in);

  ExpiryEstimate estimate;
  if (trust_token_claims) {
    if (auto claims = decode_claims(grant.access_token); claims.ok() && claims->exp) {
      const seconds local_now = to_epoch_seconds(requested_at);
      if (claims->iat && *claims->iat <= *claims->exp) {
        estimate.issuer_clock_skew = *claims->iat - local_now;
        consider(*claims->exp - *claims->iat);
      } else {
        consider(*claims->exp - local_now);
      }
    }
  }

  estimate.expires_at = requested_at + lifetime.value_or(kDefaultTokenLifetime);
  return estimate;
}

}  // namespace freshauth
