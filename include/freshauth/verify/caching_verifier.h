#pragma once

#include <chrono>
#include <memory>

#include "freshauth/core/clock.h"
#include "freshauth/verify/token_verifier.h"
#include "freshauth/verify/verified_token_cache.h"

namespace freshauth {

/// Remembers tokens `inner` accepted, so a hot token costs a lookup instead of a signature check.
/// A hit is served only while now < exp + leeway (the inner verifier's leeway); refusals are not
/// cached.
class CachingVerifier final : public TokenVerifier {
 public:
  /// `clock` must outlive the verifier.
  CachingVerifier(std::shared_ptr<TokenVerifier> inner, const Clock& clock,
                  std::size_t capacity = 10'000,
                  std::chrono::seconds leeway = std::chrono::seconds{0});

  VerifyResult verify(std::string_view token) override;
  std::size_t cached() const { return cache_.size(); }

 private:
  std::shared_ptr<TokenVerifier> inner_;
  const Clock& clock_;
  const double leeway_;
  VerifiedTokenCache cache_;
};

}  // namespace freshauth
