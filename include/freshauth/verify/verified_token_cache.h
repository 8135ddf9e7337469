#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "freshauth/verify/verified_token.h"

namespace freshauth {

/// Tokens that passed verification, keyed by the whole token string (a hash alone could be
/// forged into a collision). Bounded: when full, an entry not used since the clock hand last
/// passed it makes room (CLOCK, an approximation of least recently used that needs no write on a
/// hit); an entry is dropped once `now` reaches its usable-until time. Thread-safe; hits on
/// different CPUs share no lock and write no shared memory.
class VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(std::size_t capacity);
  ~VerifiedTokenCache();
  VerifiedTokenCache(const VerifiedTokenCache&) = delete;
  VerifiedTokenCache& operator=(const VerifiedTokenCache&) = delete;

  /// The cached verification if `token` is here and usable at `now` (seconds since the epoch).
  std::optional<VerifiedToken> find(std::string_view token, double now);
  /// Remembers `verified` until `usable_until` (seconds since the epoch).
  void insert(std::string_view token, VerifiedToken verified, double usable_until);
  std::size_t size() const;

 private:
  class Table;
  std::unique_ptr<Table> table_;
};

}  // namespace freshauth
