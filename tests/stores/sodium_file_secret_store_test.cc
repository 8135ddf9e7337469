#include "freshauth/stores/sodium_file_secret_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "support/temp_dir.h"

namespace freshauth {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

constexpr const char* kHexKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr const char* kSecret = "refresh-secret-1";

EncryptionKey key(const std::string& text = kHexKey) {
  return EncryptionKey::parse(text, "test key").value();
}

void expect_clean_storage_error(const Error& error, const std::string& expected) {
  EXPECT_EQ(error.code, Errc::storage);
  EXPECT_NE(error.message.find(expected), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find(kSecret), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find(kHexKey), std::string::npos) << error.message;
}

TEST(SodiumFileSecretStoreTest, RoundTripsWithAFreshNonceEveryWrite) {
  TempDir dir;
  SodiumFileSecretStore store(dir / "sealed", key());
  ASSERT_TRUE(store.put("refresh_token", kSecret).ok());
  const std::string first = read_file(dir / "sealed/refresh_token.sealed");
  ASSERT_TRUE(store.put("refresh_token", kSecret).ok());
  const std::string second = read_file(dir / "sealed/refresh_token.sealed");
  EXPECT_NE(first, second);
  EXPECT_EQ(first.find(kSecret), std::string::npos);
  EXPECT_EQ(mode_of(dir / "sealed/refresh_token.sealed"), 0600U);

  auto got = SodiumFileSecretStore(dir / "sealed", key()).get("refresh_token");
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->value(), kSecret);
  ASSERT_TRUE(store.erase("refresh_token").ok());
  EXPECT_FALSE(store.get("refresh_token")->has_value());
}

TEST(SodiumFileSecretStoreTest, WrongKeyIsAClearError) {
  TempDir dir;
  ASSERT_TRUE(SodiumFileSecretStore(dir.path(), key()).put("refresh_token", kSecret).ok());
  auto other = EncryptionKey::generate();
  auto got = SodiumFileSecretStore(dir.path(), other).get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_storage_error(got.error(), "wrong key");
}

TEST(SodiumFileSecretStoreTest, TamperedOrTruncatedFileIsAClearError) {
  TempDir dir;
  SodiumFileSecretStore store(dir.path(), key());
  ASSERT_TRUE(store.put("refresh_token", kSecret).ok());
  const auto path = dir / "refresh_token.sealed";
  std::string sealed = read_file(path);

  std::string tampered = sealed;
  tampered.back() ^= 0x01;
  write_file(path, tampered);
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_storage_error(got.error(), "modified");

  write_file(path, sealed.substr(0, 20));
  got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_storage_error(got.error(), "truncated");
}

TEST(SodiumFileSecretStoreTest, FileCopiedOverAnotherNameDoesNotDecrypt) {
  TempDir dir;
  SodiumFileSecretStore store(dir.path(), key());
  ASSERT_TRUE(store.put("refresh_token", kSecret).ok());
  std::filesystem::copy_file(dir / "refresh_token.sealed", dir / "other.sealed");
  auto got = store.get("other");
  ASSERT_FALSE(got.ok());
  expect_clean_storage_error(got.error(), "another secret name");
}

TEST(EncryptionKeyTest, AcceptsHexAndBase64AndRejectsAnythingElseWithoutEchoingIt) {
  const auto hex = key();
  EXPECT_EQ(hex.to_hex(), kHexKey);
  auto base64 = EncryptionKey::parse("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", "b64");
  ASSERT_TRUE(base64.ok());
  EXPECT_EQ(base64->to_hex(), kHexKey);
  const std::vector<std::string> bad_keys = {"", "abc", std::string{kHexKey} + "00",
                                             "not a key at all!"};
  for (const std::string& bad : bad_keys) {
    auto parsed = EncryptionKey::parse(bad, "$SOME_VAR");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find("$SOME_VAR"), std::string::npos);
    if (!bad.empty()) {
      EXPECT_EQ(parsed.error().message.find(bad), std::string::npos);
    }
  }
}

TEST(EncryptionKeyTest, ReadsTheEnvironment) {
  ::setenv("FRESHAUTH_TEST_KEY", kHexKey, 1);
  auto from_env = EncryptionKey::from_env("FRESHAUTH_TEST_KEY");
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->origin(), "$FRESHAUTH_TEST_KEY");
  ::unsetenv("FRESHAUTH_TEST_KEY");
  auto missing = EncryptionKey::from_env("FRESHAUTH_TEST_KEY");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("not set"), std::string::npos);
}

TEST(EncryptionKeyTest, KeyFileMustBePrivate) {
  TempDir dir;
  const auto path = dir / "key";
  write_file(path, std::string{kHexKey} + "\n", 0644);
  auto refused = EncryptionKey::from_file(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("chmod 600 " + path.string()), std::string::npos);
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto loaded = EncryptionKey::from_file(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ(loaded->to_hex(), kHexKey);
}

}  // namespace
}  // namespace freshauth
