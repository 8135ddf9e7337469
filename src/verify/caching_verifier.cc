#include "freshauth/verify/caching_verifier.h"

#include "claims_check.h"

namespace freshauth {

CachingVerifier::CachingVerifier(std::shared_ptr<TokenVerifier> inner, const Clock& clock,
                                 std::size_t capacity, std::chrono::seconds leeway)
    : inner_(std::move(inner)),
      clock_(clock),
      leeway_(static_cast<double>(leeway.count())),
      cache_(capacity) {}

VerifyResult CachingVerifier::verify(std::string_view token) {
  if (auto hit = cache_.find(token, epoch_seconds(clock_.now()))) return std::move(*hit);
  auto result = inner_->verify(token);
  if (result) cache_.insert(token, *result, result->exp + leeway_);
  return result;
}

}  // namespace freshauth
