#include "freshauth/verify/introspection_answers.h"

#include <openssl/sha.h>

#include <cstring>

namespace freshauth {

IntrospectionAnswers::IntrospectionAnswers(std::size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity) {}

std::size_t IntrospectionAnswers::KeyHash::operator()(const Key& key) const noexcept {
  std::size_t hash = 0;
  std::memcpy(&hash, key.data(), sizeof hash);  // already uniformly distributed
  return hash;
}

IntrospectionAnswers::Key IntrospectionAnswers::key_of(std::string_view token) {
  Key key;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), key.data());
  return key;
}

std::optional<bool> IntrospectionAnswers::find(std::string_view token, TimePoint now) {
  const Key key = key_of(token);
  const std::lock_guard lock{mutex_};
  const auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  if (now >= it->second->usable_until) {
    by_age_.erase(it->second);
    index_.erase(it);
    return std::nullopt;
  }
  return it->second->active;
}

void IntrospectionAnswers::remember(std::string_view token, bool active, TimePoint usable_until,
                                    TimePoint now) {
  const Key key = key_of(token);
  const std::lock_guard lock{mutex_};
  if (const auto it = index_.find(key); it != index_.end()) {
    by_age_.erase(it->second);
    index_.erase(it);
  }
  while (!by_age_.empty() && now >= by_age_.front().usable_until) drop_oldest_locked();
  while (by_age_.size() >= capacity_) drop_oldest_locked();
  by_age_.push_back({key, active, usable_until});
  index_.emplace(key, std::prev(by_age_.end()));
}

void IntrospectionAnswers::drop_oldest_locked() {
  index_.erase(by_age_.front().key);
  by_age_.pop_front();
}

std::size_t IntrospectionAnswers::size() const {
  const std::lock_guard lock{mutex_};
  return by_age_.size();
}

}  // namespace freshauth
