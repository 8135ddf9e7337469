#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include "freshauth/core/clock.h"
#include "freshauth/verify/introspection_answers.h"
#include "freshauth/verify/introspection_client.h"
#include "freshauth/verify/token_verifier.h"

namespace freshauth {

struct RevocationCheckOptions {
  /// How long an introspection answer is trusted: a revoked session stops working here at most
  /// this long after the issuer revoked it. Each distinct token costs one introspection per ttl.
  std::chrono::seconds cache_ttl{5};
  std::size_t max_entries{10'000};  ///< answers kept; the oldest go first
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  /// When the introspection endpoint gives no answer (down, 5xx, 429, misconfigured):
  /// true  refuse the token with revocation_unknown (unauthorized_response() makes that a 503,
  ///       not a 401, so clients keep their sessions and try again);
  /// false accept it on its signature and claims alone, as if there were no revocation check.
  /// Failures are not cached: the next call asks again.
  bool fail_closed = true;
};

/// Adds a per-call revocation check to a signature-checking verifier: `inner` first (signature,
/// expiry, issuer, client, scopes: no network for a token it refuses), then the issuer's RFC 7662
/// introspection endpoint, whose answer is cached per token for cache_ttl. An inactive answer is
/// VerifyErrc::revoked. Thread-safe; concurrent first calls for one token may each ask once.
class RevocationCheckingVerifier final : public TokenVerifier {
 public:
  RevocationCheckingVerifier(std::shared_ptr<TokenVerifier> inner,
                             std::shared_ptr<const IntrospectionClient> introspection,
                             RevocationCheckOptions options = {});

  VerifyResult verify(std::string_view token) override;
  std::size_t cached() const { return answers_.size(); }

 private:
  std::shared_ptr<TokenVerifier> inner_;
  std::shared_ptr<const IntrospectionClient> introspection_;
  RevocationCheckOptions options_;
  IntrospectionAnswers answers_;
};

}  // namespace freshauth
