#include "freshauth/verify/verified_token_cache.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "per_cpu_read_lock.h"

namespace freshauth {
namespace {

// Hashes the last 16 bytes of a token (all of a shorter one). Only verified tokens are stored,
// and their last bytes are signature bytes nobody but the issuer can choose; the seed keeps
// even those from colliding on purpose.
class TokenTailHash {
 public:
  explicit TokenTailHash(std::uint64_t seed) : seed_(seed) {}

  std::size_t operator()(std::string_view token) const {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    const std::size_t n = std::min<std::size_t>(token.size(), 16);
    const char* tail = token.data() + token.size() - n;
    std::memcpy(&a, tail, std::min<std::size_t>(n, 8));
    if (n > 8) std::memcpy(&b, tail + 8, n - 8);
    std::uint64_t h = (a ^ seed_) * 0x9E3779B97F4A7C15ULL;
    h ^= (b + token.size()) * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return static_cast<std::size_t>(h ^ (h >> 32));
  }

 private:
  std::uint64_t seed_;
};

std::uint64_t random_seed() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) | device();
}

}  // namespace

class VerifiedTokenCache::Table {
 public:
  explicit Table(std::size_t capacity)
      : capacity_(capacity), index_(0, TokenTailHash(random_seed())) {}

  std::optional<VerifiedToken> find(std::string_view token, double now) {
    {
      const PerCpuReadLock::ReadGuard guard(lock_);
      const auto it = index_.find(token);
      if (it == index_.end()) return std::nullopt;
      Entry& entry = entries_[it->second];
      if (now < entry.usable_until) {
        // Written once per sweep of the clock hand, not once per hit.
        if (!entry.referenced.load(std::memory_order_relaxed))
          entry.referenced.store(true, std::memory_order_relaxed);
        return entry.copy_for(guard.slot());
      }
    }
    const PerCpuReadLock::WriteGuard guard(lock_);
    if (const auto it = index_.find(token);
        it != index_.end() && now >= entries_[it->second].usable_until) {
      erase(it);
    }
    return std::nullopt;
  }

  void insert(std::string_view token, VerifiedToken verified, double usable_until) {
    if (capacity_ == 0) return;
    const PerCpuReadLock::WriteGuard guard(lock_);
    if (const auto it = index_.find(token); it != index_.end()) erase(it);
    const std::uint32_t slot = free_slot();
    Entry& entry = entries_[slot];
    entry.token.assign(token);
    entry.verified = std::move(verified);
    entry.slot_copies.clear();
    entry.slot_copies.resize(lock_.slots());  // here, under the write lock: readers only fill it
    entry.usable_until = usable_until;
    entry.referenced.store(false, std::memory_order_relaxed);
    entry.in_use = true;
    // The key views the token inside its entry, which never moves (a deque grows in place).
    index_.emplace(std::string_view{entry.token}, slot);
  }

  std::size_t size() {
    const PerCpuReadLock::ReadGuard guard(lock_);
    return index_.size();
  }

 private:
  // A copy of the verification whose reference count only readers holding one slot touch.
  struct alignas(64) SlotCopy {
    VerifiedToken verified;
  };

  struct Entry {
    std::string token;
    VerifiedToken verified;
    double usable_until = 0;
    std::atomic<bool> referenced{false};
    bool in_use = false;
    // Made on the first hit under each slot of the read lock. Handing out copies of `verified`
    // itself would make every CPU write its one reference count, on every hit.
    std::vector<std::unique_ptr<SlotCopy>> slot_copies;

    // Only the holder of `slot` (or a writer) calls this.
    const VerifiedToken& copy_for(std::size_t slot) {
      auto& copy = slot_copies[slot];
      if (!copy) {
        copy = std::make_unique<SlotCopy>(
            SlotCopy{VerifiedToken{verified.claims.with_own_count(), verified.exp}});
      }
      return copy->verified;
    }
  };
  using Index = std::unordered_map<std::string_view, std::uint32_t, TokenTailHash>;

  void erase(Index::iterator it) {
    Entry& entry = entries_[it->second];
    free_.push_back(it->second);
    index_.erase(it);
    entry.in_use = false;
    entry.verified = {};  // the claims go now, not when the slot is reused
    entry.slot_copies.clear();
  }

  // A slot for a new entry: a free one, a new one while below capacity, else the first entry
  // the clock hand finds unused since its last pass.
  std::uint32_t free_slot() {
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      return slot;
    }
    if (entries_.size() < capacity_) {
      entries_.emplace_back();
      return static_cast<std::uint32_t>(entries_.size() - 1);
    }
    for (;;) {
      Entry& entry = entries_[hand_];
      const auto slot = static_cast<std::uint32_t>(hand_);
      hand_ = (hand_ + 1) % entries_.size();
      if (!entry.referenced.exchange(false, std::memory_order_relaxed)) {
        index_.erase(std::string_view{entry.token});
        return slot;
      }
    }
  }

  const std::size_t capacity_;
  PerCpuReadLock lock_;
  std::deque<Entry> entries_;
  std::vector<std::uint32_t> free_;  // slots of entries dropped at expiry
  std::size_t hand_ = 0;
  Index index_;
};

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity)
    : table_(std::make_unique<Table>(capacity)) {}

VerifiedTokenCache::~VerifiedTokenCache() = default;

std::optional<VerifiedToken> VerifiedTokenCache::find(std::string_view token, double now) {
  return table_->find(token, now);
}

void VerifiedTokenCache::insert(std::string_view token, VerifiedToken verified,
                                double usable_until) {
  table_->insert(token, std::move(verified), usable_until);
}

std::size_t VerifiedTokenCache::size() const { return table_->size(); }

}  // namespace freshauth
