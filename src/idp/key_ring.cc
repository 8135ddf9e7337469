#include "idp/key_ring.h"

#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"
#include "freshauth/sqlite/statement.h"

namespace freshauth::idp {

Result<std::shared_ptr<KeyRing>> KeyRing::open(std::shared_ptr<sqlite::Database> db,
                                               TimePoint now) {
  std::shared_ptr<KeyRing> ring{new KeyRing(std::move(db))};
  if (auto loaded = ring->load(); !loaded) return loaded.error();
  if (ring->keys_.empty()) {
    if (auto added = ring->add_new_key(now); !added) return added.error();
  }
  return ring;
}

Result<std::tuple<std::int64_t, std::int64_t, std::int64_t>> KeyRing::stored_version() const {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement query{
      *db_, "SELECT count(*), coalesce(max(rowid), 0), count(retire_after) FROM signing_keys"};
  if (!query.step()) return Error{Errc::storage, "cannot read the signing keys", {}};
  return std::tuple{query.integer(0), query.integer(1), query.integer(2)};
}

Result<void> KeyRing::pick_up_changes(TimePoint now) {
  const std::int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  std::int64_t due = next_check_ns_.load(std::memory_order_relaxed);
  if (now_ns < due) return {};
  const std::int64_t next =
      now_ns + std::chrono::duration_cast<std::chrono::nanoseconds>(kChangeCheckInterval).count();
  if (!next_check_ns_.compare_exchange_strong(due, next, std::memory_order_relaxed)) return {};
  auto version = stored_version();
  if (!version) return version.error();
  if (std::get<0>(*version) == 0) return {};  // keys deleted behind our back: keep signing
  {
    std::lock_guard lock{mutex_};
    if (*version == loaded_version_) return {};
  }
  return load();
}

Result<void> KeyRing::load() {
  auto version = stored_version();
  if (!version) return version.error();
  std::vector<PublishedKey> keys;
  {
    std::lock_guard lock{db_->mutex()};
    sqlite::Statement query{
        *db_, "SELECT kid, private_pem, retire_after FROM signing_keys ORDER BY created_at, rowid"};
    while (query.step()) {
      auto key = SigningKey::from_pem(query.text(1), query.text(0), "RS256");
      if (!key) return Error{Errc::storage, "a stored signing key is unreadable", {}};
      PublishedKey published{std::make_shared<const SigningKey>(std::move(*key)), std::nullopt};
      if (!query.is_null(2)) {
        published.retire_after = from_epoch_seconds(std::chrono::seconds{query.integer(2)});
      }
      keys.push_back(std::move(published));
    }
  }
  std::lock_guard lock{mutex_};
  keys_ = std::move(keys);
  loaded_version_ = *version;
  ++generation_;
  return {};
}

Result<void> KeyRing::add_new_key(TimePoint now) {
  auto key = SigningKey::generate_rsa(sha256_hex(random_bytes(16)).substr(0, 20));
  if (!key) return key.error();
  {
    std::lock_guard lock{db_->mutex()};
    sqlite::Statement insert{
        *db_, "INSERT INTO signing_keys(kid, private_pem, created_at) VALUES(?, ?, ?)"};
    insert.bind(1, key->kid()).bind(2, key->private_pem()).bind(3, to_epoch_seconds(now).count());
    if (!insert.run()) return Error{Errc::storage, "cannot store the signing key", {}};
  }
  return load();
}

std::shared_ptr<const SigningKey> KeyRing::signing_key() const {
  std::lock_guard lock{mutex_};
  return keys_.back().key;
}

std::uint64_t KeyRing::generation() const {
  std::lock_guard lock{mutex_};
  return generation_;
}

nlohmann::json KeyRing::jwks(TimePoint now) const {
  nlohmann::json keys = nlohmann::json::array();
  std::lock_guard lock{mutex_};
  for (const auto& published : keys_) {
    if (!published.retire_after || now < *published.retire_after) {
      keys.push_back(published.key->public_jwk());
    }
  }
  return {{"keys", keys}};
}

Result<std::string> KeyRing::rotate(TimePoint now, std::chrono::seconds publish_old_for) {
  {
    std::lock_guard lock{db_->mutex()};
    sqlite::Statement retire{*db_,
                             "UPDATE signing_keys SET retire_after = ? WHERE retire_after IS NULL"};
    if (!retire.bind(1, to_epoch_seconds(now + publish_old_for).count()).run()) {
      return Error{Errc::storage, "cannot retire the signing key", {}};
    }
  }
  if (auto added = add_new_key(now); !added) return added.error();
  return signing_key()->kid();
}

}  // namespace freshauth::idp
