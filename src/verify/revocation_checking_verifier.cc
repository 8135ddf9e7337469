#include "freshauth/verify/revocation_checking_verifier.h"

namespace freshauth {

RevocationCheckingVerifier::RevocationCheckingVerifier(
    std::shared_ptr<TokenVerifier> inner, std::shared_ptr<const IntrospectionClient> introspection,
    RevocationCheckOptions options)
    : inner_(std::move(inner)),
      introspection_(std::move(introspection)),
      options_(std::move(options)),
      answers_(options_.max_entries) {}

VerifyResult RevocationCheckingVerifier::verify(std::string_view token) {
  auto result = inner_->verify(token);
  if (!result) return result;
  const TimePoint now = options_.clock->now();
  auto active = answers_.find(token, now);
  if (!active) {
    auto answer = introspection_->introspect(token, "access_token");
    if (!answer) {
      if (!options_.fail_closed) return result;
      return VerifyFailure{VerifyErrc::revocation_unknown, answer.error().message};
    }
    active = answer->active;
    answers_.remember(token, *active, now + options_.cache_ttl, now);
  }
  if (!*active) {
    return VerifyFailure{VerifyErrc::revoked,
                         "the issuer says this token is no longer active (revoked or signed out)"};
  }
  return result;
}

}  // namespace freshauth
