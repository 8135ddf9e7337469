#include "idp/key_ring_key_source.h"

namespace freshauth::idp {

KeyRingKeySource::KeyRingKeySource(std::shared_ptr<KeyRing> ring,
                                   std::shared_ptr<const Clock> clock)
    : ring_(std::move(ring)), clock_(std::move(clock)) {}

KeyLookup KeyRingKeySource::find(std::string_view kid) {
  std::shared_ptr<const KeySet> keys;
  {
    std::lock_guard lock{mutex_};
    const std::uint64_t generation = ring_->generation();
    if (!keys_ || generation != generation_) {
      auto parsed = KeySet::parse(ring_->jwks(clock_->now()).dump());
      if (!parsed) {
        return VerifyFailure{VerifyErrc::keys_unavailable, "the server's keys are unreadable"};
      }
      keys_ = std::make_shared<const KeySet>(std::move(*parsed));
      generation_ = generation;
    }
    keys = keys_;
  }
  if (auto key = keys->find(kid)) return key;
  return VerifyFailure{VerifyErrc::unknown_key, "no published key has this kid"};
}

}  // namespace freshauth::idp
