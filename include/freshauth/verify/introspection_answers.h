#pragma once

#include <array>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "freshauth/core/clock.h"

namespace freshauth {

/// Whether the issuer said a token is active, remembered until a deadline. Keyed by the token's
/// SHA-256, so the cache holds no usable token. Bounded: when full, expired answers go first, then
/// the oldest (with one ttl for all, they are the same ones). Thread-safe.
class IntrospectionAnswers {
 public:
  explicit IntrospectionAnswers(std::size_t capacity);

  /// The remembered answer if it is still usable at `now`.
  std::optional<bool> find(std::string_view token, TimePoint now);
  void remember(std::string_view token, bool active, TimePoint usable_until, TimePoint now);
  std::size_t size() const;

 private:
  using Key = std::array<unsigned char, 32>;
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  struct Entry {
    Key key;
    bool active;
    TimePoint usable_until;
  };
  static Key key_of(std::string_view token);
  void drop_oldest_locked();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> by_age_;  ///< oldest first
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
};

}  // namespace freshauth
