#include <gtest/gtest.h>
#include <sqlite3.h>

#include "freshauth/idp/secrets.h"
#include "freshauth/idp/totp.h"
#include "freshauth/security/sha256.h"
#include "idp/idp_storage.h"
#include "support/temp_dir.h"

namespace freshauth::idp {
namespace {

using namespace std::chrono_literals;
using freshauth::testing::TempDir;

TEST(Lifetimes, CognitoBoundsUnlessDev) {
  EXPECT_TRUE(check_lifetimes({}, false).ok());
  EXPECT_FALSE(check_lifetimes({4min, 1h, 24h}, false).ok());
  EXPECT_FALSE(check_lifetimes({1h, 25h, 24h}, false).ok());
  EXPECT_FALSE(check_lifetimes({1h, 1h, 59min}, false).ok());
  EXPECT_FALSE(check_lifetimes({1h, 1h, std::chrono::hours{24 * 3651}}, false).ok());
  EXPECT_TRUE(check_lifetimes({5s, 5s, 30s}, true).ok());
  EXPECT_FALSE(check_lifetimes({0s, 5s, 30s}, true).ok());
}

TEST(IdpStorage, FilesArePrivateAndPasswordsHashed) {
  TempDir dir;
  const TimePoint now{std::chrono::seconds{1'700'000'000}};
  auto storage = IdpStorage::open(dir / "idp.db", now, PasswordCost::minimal);
  ASSERT_TRUE(storage.ok());
  ASSERT_TRUE(storage->users->add({"carol", "a long password", false}, now).ok());
  EXPECT_EQ(testing::mode_of(dir / "idp.db"), 0600u);
  EXPECT_EQ(testing::read_file(dir / "idp.db").find("a long password"), std::string::npos);
  EXPECT_TRUE(storage->users->authenticate("carol", "a long password").ok());
  EXPECT_FALSE(storage->users->authenticate("carol", "a long passworD").ok());
  EXPECT_FALSE(storage->users->add({"carol", "another password", false}, now).ok());
  EXPECT_FALSE(storage->users->add({"dave", "short", false}, now).ok());
  ASSERT_TRUE(storage->users->remove("carol").ok());
  EXPECT_FALSE(storage->users->remove("carol").ok());
  EXPECT_TRUE(storage->users->list().empty());
}

TEST(IdpStorage, RefreshTokensAreStoredOnlyAsHashes) {
  TempDir dir;
  const TimePoint now{std::chrono::seconds{1'700'000'000}};
  auto storage = IdpStorage::open(dir / "idp.db", now, PasswordCost::minimal);
  ASSERT_TRUE(storage.ok());
  auto token = storage->refresh_tokens->issue({"u", "c", now, now + 1h, {}, {}, false}, now);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(testing::read_file(dir / "idp.db").find(*token), std::string::npos);
  EXPECT_EQ(testing::read_file(dir / "idp.db-wal").find(*token), std::string::npos);
  EXPECT_TRUE(storage->refresh_tokens->redeem(*token, now + 59min).ok());
  EXPECT_FALSE(storage->refresh_tokens->redeem(*token, now + 1h).ok());
}

TEST(IdpStorage, RevokingARefreshTokenEndsItsSession) {
  TempDir dir;
  const TimePoint now{std::chrono::seconds{1'700'000'000}};
  auto storage = IdpStorage::open(dir / "idp.db", now, PasswordCost::minimal);
  ASSERT_TRUE(storage.ok());
  auto token = storage->refresh_tokens->issue({"u", "c", now, now + 1h, {}, {}, false, "s-1"}, now);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(storage->refresh_tokens->redeem(*token, now)->origin_jti, "s-1");
  EXPECT_TRUE(storage->refresh_tokens->session_live("s-1"));
  EXPECT_FALSE(storage->refresh_tokens->session_live("s-2"));
  EXPECT_FALSE(storage->refresh_tokens->session_live(""));
  storage->refresh_tokens->revoke(*token);
  EXPECT_FALSE(storage->refresh_tokens->session_live("s-1"));
}

TEST(IdpStorage, ARefreshGrantIsTheTokenWithItsUserAndClientInOneRead) {
  TempDir dir;
  const TimePoint now{std::chrono::seconds{1'700'000'000}};
  auto storage = IdpStorage::open(dir / "idp.db", now, PasswordCost::minimal);
  ASSERT_TRUE(storage.ok());
  const auto user = storage->users->add({"erin", "a long password", true}, now);
  const auto client = storage->clients->add(
      {"app", true, {"https://app.example/cb"}, {5min, 6min, 2h}}, false, now);
  ASSERT_TRUE(user.ok() && client.ok());
  auto token = storage->refresh_tokens->issue(
      {"erin", client->client_id, now - 1min, now + 1h, "device", {}, false, "s-1"}, now);
  ASSERT_TRUE(token.ok());

  const auto grant = storage->refresh_tokens->redeem_grant(*token, now);
  ASSERT_TRUE(grant.ok()) << grant.error().describe();
  EXPECT_EQ(grant->record.username, "erin");
  EXPECT_EQ(grant->record.auth_time, now - 1min);
  EXPECT_EQ(grant->record.device_key, "device");
  EXPECT_EQ(grant->record.origin_jti, "s-1");
  EXPECT_EQ(grant->user.sub, user->sub);
  EXPECT_EQ(grant->user.totp_secret, user->totp_secret);
  EXPECT_EQ(grant->client.client_id, client->client_id);
  EXPECT_EQ(grant->client.secret, client->secret);
  EXPECT_EQ(grant->client.callback_urls, client->callback_urls);
  EXPECT_EQ(grant->client.lifetimes.id, 6min);
  EXPECT_EQ(grant->client.lifetimes.refresh, 2h);

  EXPECT_EQ(storage->refresh_tokens->redeem_grant(*token, now + 1h).error().code,
            Errc::session_expired);
  EXPECT_FALSE(storage->refresh_tokens->redeem_grant("unknown", now).ok());
  // A user gone from the table (another process, an old file) leaves its tokens granting nothing.
  ASSERT_TRUE(storage->db->exec("DELETE FROM users WHERE username = 'erin'").ok());
  EXPECT_EQ(storage->refresh_tokens->redeem_grant(*token, now).error().code, Errc::session_expired);
  EXPECT_TRUE(storage->refresh_tokens->redeem(*token, now).ok()) << "the token itself is intact";
  ASSERT_TRUE(storage->users->add({"frank", "a long password", false}, now).ok());
  auto revoked = storage->refresh_tokens->issue(
      {"frank", client->client_id, now, now + 1h, {}, {}, false}, now);
  ASSERT_TRUE(storage->refresh_tokens->redeem_grant(*revoked, now).ok());
  storage->refresh_tokens->revoke(*revoked);
  EXPECT_EQ(storage->refresh_tokens->redeem_grant(*revoked, now).error().message,
            "Refresh Token has been revoked");
}

TEST(IdpStorage, OlderFilesGetASessionIdForEachRefreshToken) {
  TempDir dir;
  const TimePoint now{std::chrono::seconds{1'700'000'000}};
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "idp.db").c_str(), &db), SQLITE_OK);
  const std::string old_schema =
      "CREATE TABLE refresh_tokens(token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, "
      "client_id TEXT NOT NULL, auth_time INTEGER NOT NULL, issued_at INTEGER NOT NULL, "
      "expires_at INTEGER NOT NULL, device_key TEXT, device_group_key TEXT, "
      "revoked INTEGER NOT NULL DEFAULT 0);"
      "INSERT INTO refresh_tokens VALUES('" +
      sha256_hex("old-token") + "', 'u', 'c', 1700000000, 1700000000, 1800000000, NULL, NULL, 0);";
  ASSERT_EQ(sqlite3_exec(db, old_schema.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  auto storage = IdpStorage::open(dir / "idp.db", now, PasswordCost::minimal);
  ASSERT_TRUE(storage.ok()) << storage.error().describe();
  const auto record = storage->refresh_tokens->redeem("old-token", now);
  ASSERT_TRUE(record.ok());
  EXPECT_FALSE(record->origin_jti.empty());
  EXPECT_TRUE(storage->refresh_tokens->session_live(record->origin_jti));
  EXPECT_TRUE(IdpStorage::open(dir / "idp.db", now, PasswordCost::minimal).ok()) << "reopens";
}

TEST(Totp, ValidatesCurrentAndAdjacentStepsOnly) {
  const std::string secret = generate_totp_secret();
  const TimePoint now{std::chrono::seconds{1'700'000'000}};
  const auto code = totp_code(secret, now);
  ASSERT_TRUE(code.has_value());
  EXPECT_TRUE(verify_totp(secret, *code, now).has_value());
  EXPECT_TRUE(verify_totp(secret, *code, now + 30s).has_value());
  EXPECT_FALSE(verify_totp(secret, *code, now + 90s).has_value());
  EXPECT_FALSE(verify_totp(secret, "12345", now).has_value());
  EXPECT_NE(
      otpauth_uri("freshauth", "bob", secret).find("otpauth://totp/freshauth:bob?secret=" + secret),
      std::string::npos);
}

}  // namespace
}  // namespace freshauth::idp
