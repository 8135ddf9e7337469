#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/security/signing_key.h"
#include "freshauth/sqlite/database.h"

namespace freshauth::idp {

// The RS256 keys tokens are signed with. The first is generated on first open and kept; rotate()
// adds a new signing key and keeps the old one published until `publish_old_for` has passed (the
// longest token lifetime), so tokens it signed still verify. Thread-safe. A rotation made by
// another process (`freshauth idp keys rotate` beside a running server) is picked up by
// pick_up_changes(), which looks at the database at most once per `kChangeCheckInterval`.
class KeyRing {
 public:
  static Result<std::shared_ptr<KeyRing>> open(std::shared_ptr<sqlite::Database> db, TimePoint now);

  std::shared_ptr<const SigningKey> signing_key() const;
  nlohmann::json jwks(TimePoint now) const;
  Result<std::string> rotate(TimePoint now, std::chrono::seconds publish_old_for);
  // Reloads the keys if another process changed them; cheap when called often.
  Result<void> pick_up_changes(TimePoint now);
  static constexpr std::chrono::seconds kChangeCheckInterval{5};
  // Changes whenever the set of keys changes, so derived views know when to rebuild.
  std::uint64_t generation() const;

 private:
  struct PublishedKey {
    std::shared_ptr<const SigningKey> key;
    std::optional<TimePoint> retire_after;
  };
  explicit KeyRing(std::shared_ptr<sqlite::Database> db) : db_(std::move(db)) {}
  Result<void> load();
  // What identifies the stored set of keys: (count, last rowid, retired count).
  Result<std::tuple<std::int64_t, std::int64_t, std::int64_t>> stored_version() const;
  Result<void> add_new_key(TimePoint now);

  std::shared_ptr<sqlite::Database> db_;
  mutable std::mutex mutex_;
  std::vector<PublishedKey> keys_;  // oldest first; the last one signs
  std::uint64_t generation_ = 0;
  std::tuple<std::int64_t, std::int64_t, std::int64_t> loaded_version_{};
  std::atomic<std::int64_t> next_check_ns_{0};  // epoch ns; whoever moves it checks
};

}  // namespace freshauth::idp
