#include "freshauth/stores/command_secret_store.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <string>

#include "support/temp_dir.h"
#include "support/vault_helper.h"

namespace freshauth {
namespace {

using testing::kVaultHelper;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

constexpr const char* kSecret = "refresh-secret-1";

class CommandSecretStoreTest : public ::testing::Test {
 protected:
  std::string helper(const std::string& name, const std::string& script) {
    const auto path = dir / name;
    write_file(path, script, 0700);
    return path.string();
  }
  CommandSecretStore store_for(const std::string& script,
                               std::chrono::milliseconds timeout = std::chrono::seconds{5}) {
    return CommandSecretStore({helper("helper.sh", script)}, timeout);
  }
  static void expect_clean_error(const Error& error, const std::string& expected) {
    EXPECT_EQ(error.code, Errc::storage);
    EXPECT_NE(error.message.find(expected), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find(kSecret), std::string::npos) << error.message;
  }

  TempDir dir;
};

TEST_F(CommandSecretStoreTest, StoresGetsAndErasesThroughTheHelper) {
  auto store = store_for(kVaultHelper);
  auto missing = store.get("refresh_token");
  ASSERT_TRUE(missing.ok()) << missing.error().describe();
  EXPECT_FALSE(missing->has_value());

  ASSERT_TRUE(store.put("refresh_token", kSecret).ok());
  EXPECT_EQ(read_file(dir / "vault/refresh_token"), kSecret);
  auto got = store.get("refresh_token");
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->value(), kSecret);

  ASSERT_TRUE(store.erase("refresh_token").ok());
  EXPECT_FALSE(store.get("refresh_token")->has_value());
  // The secret went through stdin only.
  EXPECT_EQ(read_file(dir / "vault.argv"), "get\nstore\nget\nerase\nget\n");
}

TEST_F(CommandSecretStoreTest, PassesTheHelpersOwnArgumentsFirst) {
  CommandSecretStore store({"/bin/sh", helper("helper.sh", kVaultHelper)});
  ASSERT_TRUE(store.put("refresh_token", kSecret).ok());
  EXPECT_EQ(store.get("refresh_token")->value(), kSecret);
  EXPECT_NE(store.describe().find("helper.sh"), std::string::npos);
}

TEST_F(CommandSecretStoreTest, FailingHelperIsAStorageErrorWithoutTheSecret) {
  auto store = store_for("#!/bin/sh\ncat >/dev/null\necho 'helper: vault locked' >&2\nexit 3\n");
  auto put = store.put("refresh_token", kSecret);
  ASSERT_FALSE(put.ok());
  expect_clean_error(put.error(), "exit status 3");
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_error(got.error(), "exit status 3");
}

TEST_F(CommandSecretStoreTest, HangingHelperIsKilledAtTheTimeout) {
  const auto pid_file = dir / "helper.pid";
  auto store = store_for("#!/bin/sh\necho $$ > '" + pid_file.string() + "'\nexec sleep 30\n",
                         std::chrono::milliseconds{200});
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_error(got.error(), "did not finish within 200 ms");
  // Killed and reaped, not left running: the pid names no process any more.
  const pid_t helper_pid = std::stoi(read_file(pid_file));
  EXPECT_EQ(::kill(helper_pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST_F(CommandSecretStoreTest, GarbageOutputIsRejectedWithoutBeingShown) {
  auto store = store_for(std::string{"#!/bin/sh\necho 'oops: "} + kSecret + " <html>'\n");
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_error(got.error(), "key=value");
}

TEST_F(CommandSecretStoreTest, EndlessOutputIsCutOff) {
  auto store = store_for("#!/bin/sh\nwhile :; do echo secret=xxxxxxxxxxxxxxxxxxxxxxxx; done\n");
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_error(got.error(), "printed more than");
}

TEST_F(CommandSecretStoreTest, HelperThatIgnoresStdinDoesNotKillUsWithSigpipe) {
  auto store = store_for("#!/bin/sh\nexit 0\n");
  const std::string huge(1 << 20, 'x');
  EXPECT_TRUE(store.put("refresh_token", huge).ok());
}

TEST_F(CommandSecretStoreTest, MissingHelperIsAClearError) {
  CommandSecretStore store({(dir / "no-such-helper").string()});
  auto got = store.get("refresh_token");
  ASSERT_FALSE(got.ok());
  expect_clean_error(got.error(), "cannot run credential helper");
}

TEST_F(CommandSecretStoreTest, SecretsWithLineBreaksAreRefused) {
  auto store = store_for(kVaultHelper);
  auto put = store.put("refresh_token", "line\nsecret=injected");
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Errc::invalid_argument);
  EXPECT_EQ(put.error().message.find("injected"), std::string::npos);
}

}  // namespace
}  // namespace freshauth
