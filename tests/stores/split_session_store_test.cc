#include "freshauth/stores/split_session_store.h"

#include <gtest/gtest.h>

#include <map>

#include "freshauth/stores/file_session_store.h"
#include "freshauth/stores/plain_file_secret_store.h"
#include "stores/sample_sessions.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using testing::read_file;
using testing::same_session;
using testing::sample_session;
using testing::TempDir;

// Secrets in memory, with writes that can be made to fail.
class FlakySecretStore final : public SecretStore {
 public:
  Result<std::optional<std::string>> get(const std::string& name) override {
    const auto it = secrets.find(name);
    return it == secrets.end() ? std::optional<std::string>{} : it->second;
  }
  Result<void> put(const std::string& name, const std::string& secret) override {
    if (fail_writes) return Error{Errc::storage, "vault unavailable", {}};
    secrets[name] = secret;
    return {};
  }
  Result<void> erase(const std::string& name) override {
    if (fail_writes) return Error{Errc::storage, "vault unavailable", {}};
    secrets.erase(name);
    return {};
  }
  std::string describe() const override { return "test vault"; }

  std::map<std::string, std::string> secrets;
  bool fail_writes = false;
};

class SplitSessionStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<FileSessionStore> cache_with(platform::FileWriter writer) {
    return std::make_shared<FileSessionStore>(cache_path, std::move(writer));
  }
  static void expect_no_token_in(const Error& error) {
    EXPECT_EQ(error.message.find("refresh-secret"), std::string::npos) << error.message;
  }

  TempDir dir;
  std::filesystem::path cache_path = dir / "cache/session.json";
  std::shared_ptr<FileSessionStore> cache = std::make_shared<FileSessionStore>(cache_path);
  std::shared_ptr<FlakySecretStore> secrets = std::make_shared<FlakySecretStore>();
  SplitSessionStore store{cache, secrets};
};

TEST_F(SplitSessionStoreTest, KeepsTheRefreshTokenOutOfTheCache) {
  ASSERT_TRUE(store.save(sample_session(1)).ok());
  EXPECT_EQ(read_file(cache_path).find("refresh-secret"), std::string::npos);
  EXPECT_EQ(secrets->secrets.at("refresh_token"), "refresh-secret-1");
  auto loaded = store.load();
  ASSERT_TRUE(loaded.ok() && *loaded);
  EXPECT_TRUE(same_session(**loaded, sample_session(1)));
}

TEST_F(SplitSessionStoreTest, WorksWithTheRealFileStores) {
  SplitSessionStore real(cache, std::make_shared<PlainFileSecretStore>(dir / "secrets"));
  ASSERT_TRUE(real.save(sample_session(2)).ok());
  EXPECT_EQ(read_file(dir / "secrets/refresh_token.secret"), "refresh-secret-2");
  auto loaded = real.load();
  ASSERT_TRUE(loaded.ok() && *loaded);
  EXPECT_TRUE(same_session(**loaded, sample_session(2)));
  ASSERT_TRUE(real.clear().ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "secrets/refresh_token.secret"));
  EXPECT_FALSE(real.load()->has_value());
}

TEST_F(SplitSessionStoreTest, SecretWriteFailureLeavesTheStoredSessionAlone) {
  ASSERT_TRUE(store.save(sample_session(1)).ok());
  secrets->fail_writes = true;
  auto saved = store.save(sample_session(2));
  ASSERT_FALSE(saved.ok());
  expect_no_token_in(saved.error());
  EXPECT_TRUE(same_session(**store.load(), sample_session(1)));
}

// The crash window: the new secret is written, the cache is not. The session that loads keeps
// the newest refresh token (the only one a rotating server still accepts).
TEST_F(SplitSessionStoreTest, CacheWriteFailureAfterTheSecretKeepsTheNewestRefreshToken) {
  ASSERT_TRUE(store.save(sample_session(1)).ok());
  SplitSessionStore full_disk(
      cache_with([](int, const void*, std::size_t) -> ssize_t { return errno = ENOSPC, -1; }),
      secrets);
  auto saved = full_disk.save(sample_session(2));
  ASSERT_FALSE(saved.ok());
  expect_no_token_in(saved.error());
  auto loaded = store.load();
  ASSERT_TRUE(loaded.ok() && *loaded);
  Session expected = sample_session(1);
  expected.refresh_token = "refresh-secret-2";
  EXPECT_TRUE(same_session(**loaded, expected));
}

TEST_F(SplitSessionStoreTest, ClearThatFailsAtTheSecretStillEndsTheSession) {
  ASSERT_TRUE(store.save(sample_session(1)).ok());
  secrets->fail_writes = true;
  EXPECT_FALSE(store.clear().ok());
  auto loaded = store.load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(SplitSessionStoreTest, CachedSessionWithoutItsSecretIsAClearError) {
  ASSERT_TRUE(store.save(sample_session(1)).ok());
  secrets->secrets.clear();
  auto loaded = store.load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::storage);
  EXPECT_NE(loaded.error().message.find("sign in again"), std::string::npos);
  EXPECT_NE(loaded.error().message.find("test vault"), std::string::npos);
}

TEST_F(SplitSessionStoreTest, RefreshLockIsTheCaches) {
  auto lock = store.lock_for_refresh();
  ASSERT_TRUE(lock.ok());
  EXPECT_NE(lock->get(), nullptr);
}

}  // namespace
}  // namespace freshauth
