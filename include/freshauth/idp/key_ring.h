#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_database.h"
#include "freshauth/security/signing_key.h"

namespace freshauth::idp {

// The RS256 keys tokens are signed with. The first is generated on first open and kept; rotate()
// adds a new signing key and keeps the old one published until `publish_old_for` has passed (the
// longest token lifetime), so tokens it signed still verify. Thread-safe. A server sees a rotation
// made by another process after a restart.
class KeyRing {
 public:
  static Result<std::shared_ptr<KeyRing>> open(std::shared_ptr<IdpDatabase> db, TimePoint now);

  std::shared_ptr<const SigningKey> signing_key() const;
  nlohmann::json jwks(TimePoint now) const;
  Result<std::string> rotate(TimePoint now, std::chrono::seconds publish_old_for);
  // Changes whenever the set of keys changes, so derived views know when to rebuild.
  std::uint64_t generation() const;

 private:
  struct PublishedKey {
    std::shared_ptr<const SigningKey> key;
    std::optional<TimePoint> retire_after;
  };
  explicit KeyRing(std::shared_ptr<IdpDatabase> db) : db_(std::move(db)) {}
  Result<void> load();
  Result<void> add_new_key(TimePoint now);

  std::shared_ptr<IdpDatabase> db_;
  mutable std::mutex mutex_;
  std::vector<PublishedKey> keys_;  // oldest first; the last one signs
  std::uint64_t generation_ = 0;
};

}  // namespace freshauth::idp
