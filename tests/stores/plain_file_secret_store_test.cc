#include "freshauth/stores/plain_file_secret_store.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace freshauth {
namespace {

using testing::mode_of;
using testing::TempDir;

TEST(PlainFileSecretStoreTest, RoundTripsAndErases) {
  TempDir dir;
  PlainFileSecretStore store(dir / "secrets");
  auto missing = store.get("refresh_token");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  ASSERT_TRUE(store.put("refresh_token", "refresh-secret-1").ok());
  ASSERT_TRUE(store.put("refresh_token", "refresh-secret-2").ok());
  auto got = store.get("refresh_token");
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->value(), "refresh-secret-2");

  ASSERT_TRUE(store.erase("refresh_token").ok());
  ASSERT_TRUE(store.erase("refresh_token").ok());
  EXPECT_FALSE(store.get("refresh_token")->has_value());
}

TEST(PlainFileSecretStoreTest, FilesAre0600InA0700Folder) {
  TempDir dir;
  PlainFileSecretStore store(dir / "secrets");
  ASSERT_TRUE(store.put("refresh_token", "refresh-secret-1").ok());
  EXPECT_EQ(mode_of(dir / "secrets/refresh_token.secret"), 0600U);
  EXPECT_EQ(mode_of(dir / "secrets"), 0700U);
}

TEST(PlainFileSecretStoreTest, RefusesAReadableFileWithoutShowingTheSecret) {
  TempDir dir;
  PlainFileSecretStore store(dir.path());
  ASSERT_TRUE(store.put("refresh_token", "refresh-secret-1").ok());
  const auto path = dir / "refresh_token.secret";
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::storage);
  EXPECT_NE(got.error().message.find("chmod 600 " + path.string()), std::string::npos);
  EXPECT_EQ(got.error().message.find("refresh-secret"), std::string::npos);
}

TEST(PlainFileSecretStoreTest, RejectsNamesThatAreNotPlainFileNames) {
  TempDir dir;
  PlainFileSecretStore store(dir.path());
  for (const std::string name : {"", "../escape", "a/b", ".hidden", "new\nline"}) {
    auto put = store.put(name, "x");
    ASSERT_FALSE(put.ok()) << name;
    EXPECT_EQ(put.error().code, Errc::invalid_argument);
  }
}

TEST(PlainFileSecretStoreTest, SaysPlainlyThatItIsUnencrypted) {
  TempDir dir;
  const std::string description = PlainFileSecretStore(dir.path()).describe();
  EXPECT_NE(description.find("UNENCRYPTED"), std::string::npos);
  EXPECT_NE(description.find("development default"), std::string::npos);
}

}  // namespace
}  // namespace freshauth
