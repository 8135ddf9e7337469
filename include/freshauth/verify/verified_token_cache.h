#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "freshauth/verify/verified_token.h"

namespace freshauth {

/// Tokens that passed verification, keyed by the whole token string (a hash alone could be
/// forged into a collision). Bounded: least recently used entries go first; an entry is dropped
/// once `now` reaches its usable-until time. Thread-safe; sharded so threads rarely contend.
class VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(std::size_t capacity, std::size_t shards = 16);
  ~VerifiedTokenCache();
  VerifiedTokenCache(const VerifiedTokenCache&) = delete;
  VerifiedTokenCache& operator=(const VerifiedTokenCache&) = delete;

  /// The cached verification if `token` is here and usable at `now` (seconds since the epoch).
  std::optional<VerifiedToken> find(std::string_view token, double now);
  /// Remembers `verified` until `usable_until` (seconds since the epoch).
  void insert(std::string_view token, VerifiedToken verified, double usable_until);
  std::size_t size() const;

 private:
  class Shard;
  Shard& shard_for(std::string_view token);

  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace freshauth
