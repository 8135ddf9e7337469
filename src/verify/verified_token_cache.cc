#include "freshauth/verify/verified_token_cache.h"

#include <functional>

namespace freshauth {

class VerifiedTokenCache::Shard {
 public:
  explicit Shard(std::size_t capacity) : capacity_(capacity) {}

  std::optional<VerifiedToken> find(std::string_view token, double now) {
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(token);
    if (it == index_.end()) return std::nullopt;
    if (now >= it->second->usable_until) {
      erase(it);
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->verified;
  }

  void insert(std::string_view token, VerifiedToken verified, double usable_until) {
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(token); it != index_.end()) erase(it);
    if (capacity_ == 0) return;
    while (index_.size() >= capacity_) erase(index_.find(std::string_view{lru_.back().token}));
    lru_.push_front(Entry{std::string{token}, std::move(verified), usable_until});
    // The index keys view the token inside the list node, which never moves.
    index_.emplace(std::string_view{lru_.front().token}, lru_.begin());
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return index_.size();
  }

 private:
  struct Entry {
    std::string token;
    VerifiedToken verified;
    double usable_until;
  };
  using Index = std::unordered_map<std::string_view, std::list<Entry>::iterator>;

  void erase(Index::iterator it) {
    const auto node = it->second;
    index_.erase(it);
    lru_.erase(node);
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  Index index_;
};

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity, std::size_t shards) {
  if (shards == 0) shards = 1;
  const std::size_t per_shard = (capacity + shards - 1) / shards;
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>(per_shard));
}

VerifiedTokenCache::~VerifiedTokenCache() = default;

VerifiedTokenCache::Shard& VerifiedTokenCache::shard_for(std::string_view token) {
  return *shards_[std::hash<std::string_view>{}(token) % shards_.size()];
}

std::optional<VerifiedToken> VerifiedTokenCache::find(std::string_view token, double now) {
  return shard_for(token).find(token, now);
}

void VerifiedTokenCache::insert(std::string_view token, VerifiedToken verified,
                                double usable_until) {
  shard_for(token).insert(token, std::move(verified), usable_until);
}

std::size_t VerifiedTokenCache::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) total += shard->size();
  return total;
}

}  // namespace freshauth
