#include "idp/refresh_token_store.h"

#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"
#include "freshauth/sqlite/statement.h"
#include "idp/stored_rows.h"

namespace freshauth::idp {
namespace {

Error rejected(const char* why) { return {Errc::session_expired, why, {}}; }

constexpr const char* kRecordColumns =
    "username, client_id, auth_time, expires_at, device_key, device_group_key, revoked, "
    "origin_jti";
constexpr int kRecordColumnCount = 8;

RefreshTokenRecord record_from_row(const sqlite::Statement& row) {
  RefreshTokenRecord record;
  record.username = row.text(0);
  record.client_id = row.text(1);
  record.auth_time = from_epoch_seconds(std::chrono::seconds{row.integer(2)});
  record.expires_at = from_epoch_seconds(std::chrono::seconds{row.integer(3)});
  record.device_key = row.optional_text(4);
  record.device_group_key = row.optional_text(5);
  record.revoked = row.integer(6) != 0;
  record.origin_jti = row.text(7);
  return record;
}

Result<void> check_usable(const RefreshTokenRecord& record, TimePoint now) {
  if (record.revoked) return rejected("Refresh Token has been revoked");
  if (now >= record.expires_at) return rejected("Refresh Token has expired");
  return {};
}

// One read for a refresh instead of three: the token (kRecordColumns), its user (kUserColumns)
// and its client (kClientColumns), in that order.
constexpr const char* kGrantQuery =
    "SELECT r.username, r.client_id, r.auth_time, r.expires_at, r.device_key, "
    "r.device_group_key, r.revoked, r.origin_jti, u.username, u.sub, u.totp_secret, "
    "c.client_id, c.name, c.secret, c.callback_urls, c.access_seconds, c.id_seconds, "
    "c.refresh_seconds FROM refresh_tokens r JOIN users u ON u.username = r.username "
    "JOIN clients c ON c.client_id = r.client_id WHERE r.token_hash = ?";

}  // namespace

RefreshTokenStore::RefreshTokenStore(std::shared_ptr<sqlite::Database> db) : db_(std::move(db)) {}

Result<std::string> RefreshTokenStore::issue(const RefreshTokenRecord& record, TimePoint now) {
  std::string token = random_token(48);
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement insert{*db_,
                           "INSERT INTO refresh_tokens(token_hash, username, client_id, auth_time, "
                           "issued_at, expires_at, device_key, device_group_key, origin_jti) "
                           "VALUES(?,?,?,?,?,?,?,?,?)"};
  insert.bind(1, sha256_hex(token)).bind(2, record.username).bind(3, record.client_id);
  insert.bind(4, to_epoch_seconds(record.auth_time).count()).bind(5, to_epoch_seconds(now).count());
  insert.bind(6, to_epoch_seconds(record.expires_at).count());
  insert.bind(7, record.device_key).bind(8, record.device_group_key);
  insert.bind(9, record.origin_jti.empty() ? random_uuid() : record.origin_jti);
  if (!insert.run()) return Error{Errc::storage, "cannot store the refresh token", {}};
  return token;
}

Result<RefreshTokenRecord> RefreshTokenStore::redeem(const std::string& token,
                                                     TimePoint now) const {
  const std::string hash = sha256_hex(token);
  RefreshTokenRecord record;
  {
    std::lock_guard lock{db_->mutex()};
    sqlite::Statement query{*db_, std::string{"SELECT "} + kRecordColumns +
                                      " FROM refresh_tokens WHERE token_hash = ?"};
    if (!query.bind(1, hash).step()) return rejected("Invalid Refresh Token");
    record = record_from_row(query);
  }
  if (auto usable = check_usable(record, now); !usable) return usable.error();
  return record;
}

Result<RefreshGrant> RefreshTokenStore::redeem_grant(const std::string& token,
                                                     TimePoint now) const {
  const std::string hash = sha256_hex(token);
  RefreshGrant grant;
  {
    std::lock_guard lock{db_->mutex()};
    sqlite::Statement query{*db_, kGrantQuery};
    // No row also when the token's user or client is gone: the token then grants nothing.
    if (!query.bind(1, hash).step()) return rejected("Invalid Refresh Token");
    grant.record = record_from_row(query);
    grant.user = user_from_row(query, kRecordColumnCount);
    grant.client = client_from_row(query, kRecordColumnCount + 3);
  }
  if (auto usable = check_usable(grant.record, now); !usable) return usable.error();
  return grant;
}

void RefreshTokenStore::revoke(const std::string& token) {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement update{*db_, "UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?"};
  update.bind(1, sha256_hex(token)).run();
}

int RefreshTokenStore::revoke_user(const std::string& username) {
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement update{
      *db_, "UPDATE refresh_tokens SET revoked = 1 WHERE username = ? AND revoked = 0"};
  update.bind(1, username).run();
  return db_->changes();
}

bool RefreshTokenStore::session_live(const std::string& origin_jti) const {
  if (origin_jti.empty()) return false;
  std::lock_guard lock{db_->mutex()};
  sqlite::Statement query{*db_,
                          "SELECT 1 FROM refresh_tokens WHERE origin_jti = ? AND revoked = 0"};
  return query.bind(1, origin_jti).step();
}

}  // namespace freshauth::idp
