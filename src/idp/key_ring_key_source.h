#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "freshauth/core/clock.h"
#include "freshauth/verify/key_set.h"
#include "freshauth/verify/key_source.h"
#include "idp/key_ring.h"

namespace freshauth::idp {

// The verifier's view of this server's own published keys, read from the KeyRing directly (no
// HTTP round trip to itself). Parsed keys are kept until the ring changes, so a rotation is seen
// at once and a request does not pay for parsing RSA keys.
class KeyRingKeySource final : public KeySource {
 public:
  KeyRingKeySource(std::shared_ptr<KeyRing> ring, std::shared_ptr<const Clock> clock);

  KeyLookup find(std::string_view kid) override;

 private:
  std::shared_ptr<KeyRing> ring_;
  std::shared_ptr<const Clock> clock_;
  std::mutex mutex_;
  std::shared_ptr<const KeySet> keys_;
  std::uint64_t generation_ = 0;
};

}  // namespace freshauth::idp
