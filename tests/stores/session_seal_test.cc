#include "stores/session_seal.h"

#include <gtest/gtest.h>

#include <string>

namespace freshauth::detail {
namespace {

constexpr std::int64_t kCreatedMs = 1'700'000'000'000;

EncryptionKey fixed_key() {
  return EncryptionKey::parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                              "the test key")
      .value();
}

Session sample() {
  Session session;
  session.access_token = "at";
  session.id_token = "it";
  session.refresh_token = "rt";
  session.obtained_at = TimePoint{std::chrono::milliseconds{kCreatedMs}};
  session.expires_at = session.obtained_at + std::chrono::hours{1};
  session.partner_id = "p";
  session.generation = 3;
  return session;
}

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t at = 0; at + 1 < hex.size(); at += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string{hex.substr(at, 2)}, nullptr, 16)));
  }
  return bytes;
}

void expect_sample(const Result<Session>& opened) {
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_EQ(opened->access_token, "at");
  EXPECT_EQ(opened->id_token, "it");
  EXPECT_EQ(opened->refresh_token, "rt");
  EXPECT_EQ(opened->partner_id, "p");
  EXPECT_EQ(opened->generation, 3U);
  EXPECT_EQ(opened->expires_at, sample().expires_at);
}

TEST(SessionSealTest, OpensAsItWasSealed) {
  const EncryptionKey key = fixed_key();
  expect_sample(open_session(seal_session(sample(), "k", kCreatedMs, key), "k", kCreatedMs, key,
                             "the test table"));
}

// Sealed by an earlier build (record key "k", created at kCreatedMs, fixed_key()): records
// already in SQLite files and in Redis must keep opening.
TEST(SessionSealTest, ARecordSealedByAnEarlierBuildStillOpens) {
  const std::string sealed = from_hex(
      "01c5e1fe61c243274585c050dcaf3005f3a2570417d593b23d5c636f04bcb315f063f4765b74be5f2f19f71e4963"
      "c7d845237db7fa1677add69d2cf874540f8683aedbf622adada8330f6d72bcaf7d4f27b55b015c8b53c8676b930f"
      "00fb6375a42c779e87df204d2f68cbc748723cb900140680e971e6890a08988c933d5283792502cb1584f251c943"
      "fd13d634caf7b682a300ffee16a3d199b4c927020acb3a23394f4efacc9eddbb9152e96ed21be46e8c1e481845b1"
      "877e7eaf5e95408fb2c5c42842130b752b8c9e42d8c1d8cab7ab22097130291c7393637b32649a396b18340d7f9c"
      "202ef5f6b5a1e976778ed0bac060816c72f93ea07784411397e9deda6e0e36d379d3ed580ca150f26a635d27cd74"
      "e20b4d917af0fc417a27fe66");
  expect_sample(open_session(sealed, "k", kCreatedMs, fixed_key(), "the test table"));
}

TEST(SessionSealTest, AMovedOrRedatedRecordSaysItDoesNotDecrypt) {
  const EncryptionKey key = fixed_key();
  const std::string sealed = seal_session(sample(), "k", kCreatedMs, key);
  for (const auto& opened : {open_session(sealed, "other", kCreatedMs, key, "the test table"),
                             open_session(sealed, "k", kCreatedMs + 1, key, "the test table")}) {
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, Errc::storage);
    EXPECT_NE(opened.error().message.find("does not decrypt with the key from the test key"),
              std::string::npos)
        << opened.error().message;
  }
}

TEST(SessionSealTest, ATruncatedRecordSaysItIsNotASealedSession) {
  const EncryptionKey key = fixed_key();
  const auto opened = open_session(seal_session(sample(), "k", kCreatedMs, key).substr(0, 30), "k",
                                   kCreatedMs, key, "the test table");
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("a session in the test table was skipped: not a sealed "
                                        "session"),
            std::string::npos)
      << opened.error().message;
}

}  // namespace
}  // namespace freshauth::detail
